// AST building for files, top-level declarations, statements and types.
#include <ArchLexer.h>

#include "compiler/syntax/builder.h"

namespace arch::syntax {

ast::Module Builder::module(P::FileContext* file) {
  ast::Module m;
  m.file = ctx_.id();
  for (P::ImportDeclContext* i : file->importDecl()) {
    ast::Import import;
    import.module = path(i->path());
    if (i->name()) import.alias = name(i->name());
    import.span = ctx_.span(i);
    m.imports.push_back(std::move(import));
  }
  for (P::TopDeclContext* d : file->topDecl()) m.decls.push_back(topDecl(d));
  return m;
}

ast::TopDecl Builder::topDecl(P::TopDeclContext* c) {
  ast::TopDecl d;
  for (P::AttributeContext* a : c->attribute()) d.attributes.push_back(attribute(a));
  d.span = ctx_.span(c);
  d.doc = docComment(c);
  auto fill = [&](ast::TopKind kind, auto* decl) {
    d.kind = kind;
    d.keyword = ctx_.span(decl->getStart());
    d.name = name(decl->name());
    if (decl->block()) d.body = block(decl->block());
  };
  if (auto* a = c->architectureDecl()) fill(ast::TopKind::Architecture, a);
  else if (auto* p = c->patternDecl()) {
    fill(ast::TopKind::Pattern, p);
    for (P::ParamDeclContext* param : p->paramDecl())
      d.params.push_back(propertyDecl(param->name(), param->typeExpr(), param->expr(), param));
  }
  else if (auto* dep = c->deploymentDecl()) fill(ast::TopKind::Deployment, dep);
  else if (auto* pipe = c->pipelineDecl()) fill(ast::TopKind::Pipeline, pipe);
  else if (auto* kind = c->kindDecl()) {
    fill(ast::TopKind::Kind, kind);
    if (kind->keywordName()) d.name = ast::Name{std::string(ctx_.text(kind->keywordName()->getStart())),
                                                 ctx_.span(kind->keywordName()->getStart())};
    if (kind->kindParent()) d.parent = name(kind->kindParent()->name());
  }
  return d;
}

ast::Block Builder::block(P::BlockContext* c) {
  ast::Block b;
  b.span = ctx_.span(c);
  for (P::StatementContext* s : c->statement()) b.statements.push_back(statement(s));
  return b;
}

ast::Statement Builder::statement(P::StatementContext* c) {
  ast::Statement s;
  s.span = ctx_.span(c);
  for (P::AttributeContext* a : c->attribute()) s.attributes.push_back(attribute(a));
  P::StatementBodyContext* body = c->statementBody();
  if (auto* p = dynamic_cast<P::PropertyDeclStmtContext*>(body)) {
    s.node = propertyDecl(p->name(), p->typeExpr(), p->expr(), c);
  } else if (auto* a = dynamic_cast<P::AssignStmtContext*>(body)) {
    s.node = ast::Assignment{path(a->path()), expr(a->expr())};
  } else if (auto* k = dynamic_cast<P::ConnectionStmtContext*>(body)) {
    ast::Connection conn;
    conn.from = path(k->path(0));
    conn.to = path(k->path(1));
    conn.arrow = ctx_.span(k->ARROW()->getSymbol());
    if (P::ConnectionPortContext* port = k->connectionPort()) {
      if (port->path()) {
        ast::Path target = path(port->path());
        Span span = target.span;
        conn.port = make(span, ast::RefExpr{std::move(target)});
      } else {
        antlr4::Token* t = port->INT()->getSymbol();
        conn.port = make(ctx_.span(t), ast::NumberLit{ast::NumberKind::Int, std::string(ctx_.text(t)), {}});
      }
    }
    if (k->connectionEvent()) conn.event = name(k->connectionEvent()->name());
    if (k->connectionAccess())
      for (P::NameContext* n : k->connectionAccess()->name()) conn.access.push_back(name(n));
    if (k->block()) conn.body = block(k->block());
    s.node = std::move(conn);
  } else if (auto* r = dynamic_cast<P::RouteStmtContext*>(body)) {
    ast::Route route{string(r->stringLit()), path(r->path()), std::nullopt};
    if (r->block()) route.body = block(r->block());
    s.node = std::move(route);
  } else if (auto* o = dynamic_cast<P::OverrideStmtContext*>(body)) {
    s.node = ast::Override{path(o->path()), block(o->block())};
  } else if (auto* d = dynamic_cast<P::DeclarationStmtContext*>(body)) {
    ast::Declaration decl;
    decl.kind = name(d->kind);
    decl.name = name(d->id);
    if (d->stringLit()) decl.type_tag = string(d->stringLit());
    if (d->path()) decl.placement = path(d->path());
    if (d->block()) decl.body = block(d->block());
    decl.doc = docComment(c);
    s.node = std::move(decl);
  } else if (auto* n = dynamic_cast<P::NestedBlockStmtContext*>(body)) {
    s.node = ast::NestedBlock{name(n->name()), block(n->block())};
  }
  return s;
}

ast::PropertyDecl Builder::propertyDecl(P::NameContext* n, P::TypeExprContext* type, P::ExprContext* def,
                                        antlr4::ParserRuleContext* whole) {
  ast::PropertyDecl p;
  p.name = name(n);
  if (type) p.type = typeExpr(type);
  if (def) p.default_value = expr(def);
  p.doc = docComment(whole);
  return p;
}

ast::TypeExpr Builder::typeExpr(P::TypeExprContext* c) {
  ast::TypeExpr t;
  t.span = ctx_.span(c);
  t.optional = c->QUESTION() != nullptr;
  for (P::TypeAtomContext* a : c->typeAtom()) {
    ast::TypeAtom atom;
    atom.name = a->name() ? name(a->name())
                          : ast::Name{std::string(ctx_.text(a->keywordName()->getStart())),
                                      ctx_.span(a->keywordName()->getStart())};
    atom.span = ctx_.span(a);
    for (P::TypeExprContext* arg : a->typeExpr()) atom.args.push_back(typeExpr(arg));
    t.alternatives.push_back(std::move(atom));
  }
  return t;
}

ast::Attribute Builder::attribute(P::AttributeContext* c) {
  ast::Attribute a;
  a.name = name(c->name());
  a.span = ctx_.span(c);
  if (c->argList()) a.args = args(c->argList());
  return a;
}

// `///` lines directly before a declaration, without the slashes and the
// one space after them, joined by newlines.
std::string Builder::docComment(antlr4::ParserRuleContext* c) {
  if (!c || !c->getStart()) return {};
  std::string doc;
  for (antlr4::Token* t : tokens_.getHiddenTokensToLeft(c->getStart()->getTokenIndex())) {
    if (t->getType() != grammar::ArchLexer::DOC_COMMENT) {
      if (t->getType() != grammar::ArchLexer::LINE_COMMENT) continue;
      doc.clear();  // a plain comment between doc and declaration ends the doc
      continue;
    }
    std::string_view line = ctx_.text(t).substr(3);
    if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (!doc.empty()) doc += '\n';
    doc += line;
  }
  return doc;
}

}  // namespace arch::syntax
