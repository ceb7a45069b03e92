// The list of backends, in the order their files are written.
#include "backends/backend.h"
#include "backends/cloudformation/cloudformation.h"

namespace arch::backends {

const std::vector<const Backend*>& registry() {
  static const cloudformation::CloudFormationBackend cfn;
  static const std::vector<const Backend*> all = {&cfn};
  return all;
}

}  // namespace arch::backends
