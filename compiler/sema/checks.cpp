// Architecture checks (E05xx): placeholder until the catalog's property
// names are settled; see checks_network.cpp and checks_rules.cpp.
#include "compiler/sema/elaborate.h"

namespace arch::sema {

void checkArchitecture(const Architecture&, Diagnostics&) {}

}  // namespace arch::sema
