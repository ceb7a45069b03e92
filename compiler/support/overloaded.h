// The overload-set helper for std::visit over the AST's variants.
#pragma once

namespace arch::support {

template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace arch::support
