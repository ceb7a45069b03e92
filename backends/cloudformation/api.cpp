// Not emitted yet: each kind here is refused with E0703 (backend.cpp).
#include "backends/cloudformation/template.h"

namespace arch::cloudformation {

void emitRestApi(Template& t, ir::Index i) { notYet(t, i); }
void emitHttpApi(Template& t, ir::Index i) { notYet(t, i); }

}  // namespace arch::cloudformation
