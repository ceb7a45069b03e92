// Private to compiler/syntax/: turns ANTLR's recognition errors into
// diagnostics people can read ("expected `}` to close `architecture shop`
// opened at 3:19") and keeps recovery from swallowing closing brackets.
#pragma once

#include <antlr4-runtime.h>

#include "compiler/syntax/syntax_context.h"

namespace arch::syntax {

// Thrown out of the parser when the error limit is reached.
struct ParseAborted {};

class FriendlyErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit FriendlyErrorStrategy(SyntaxContext& ctx) : ctx_(ctx) {}

 protected:
  void reportNoViableAlternative(antlr4::Parser* parser, const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* parser, const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* parser, const antlr4::FailedPredicateException& e) override;
  void reportUnwantedToken(antlr4::Parser* parser) override;
  void reportMissingToken(antlr4::Parser* parser) override;
  antlr4::Token* singleTokenDeletion(antlr4::Parser* parser) override;

 private:
  enum class How { Mismatch, Unwanted, Missing };
  void describe(antlr4::Parser* parser, antlr4::Token* found, const antlr4::misc::IntervalSet& expected,
                How how);

  SyntaxContext& ctx_;
};

}  // namespace arch::syntax
