#include "formats/xml_doc.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "po/messages.h"

namespace rollout {
namespace {

size_t CountElements(const xmlNode* node, size_t limit) {
  size_t n = 0;
  std::vector<const xmlNode*> stack{node};
  while (!stack.empty() && n <= limit) {
    const xmlNode* x = stack.back();
    stack.pop_back();
    for (const xmlNode* c = x->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      ++n;
      stack.push_back(c);
    }
  }
  return n;
}

std::string Trimmed(const char* s) {
  std::string out = s ? s : "";
  const size_t b = out.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = out.find_last_not_of(" \t\r\n");
  return out.substr(b, e - b + 1);
}

// The first error libxml2 reports (the last one is often a consequence).
struct FirstError {
  bool set = false;
  int line = 0, col = 0;
  std::string message;
};

void KeepFirst(void* data, xmlErrorPtr e) {
  auto* first = static_cast<FirstError*>(data);
  if (first->set || !e || e->level < XML_ERR_ERROR) return;
  *first = {true, e->line, e->int2, Trimmed(e->message)};
}

}  // namespace

Result<XmlDoc> XmlDoc::Parse(const std::string& text, size_t max_bytes, size_t max_elements) {
  const std::string hint =
      Tr("expected an MS Project XML file (in MS Project: File > Save As > XML)");
  if (text.size() > max_bytes)
    return Error{{}, Tr("the file is larger than {0} MiB", max_bytes >> 20), hint};
  if (text.size() > static_cast<size_t>(INT32_MAX))
    return Error{{}, Tr("the file is too large"), hint};
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) {
    const std::string why = LibXml2LoadError();
    return MakeError(ErrorCode::kFailure,
                     why.empty() ? Tr("cannot create the XML parser (out of memory)") : why);
  }
  // No network, no entity substitution (XML_PARSE_NOENT stays off), no DTD
  // loading; libxml2's default limits on depth and text sizes stay on.
  // Errors go to KeepFirst (libxml2 keeps the handler per thread), never to stderr.
  FirstError first;
  xmlSetStructuredErrorFunc(&first, KeepFirst);
  xmlDoc* doc = xmlCtxtReadMemory(ctxt, text.data(), static_cast<int>(text.size()), "input.xml",
                                  nullptr, XML_PARSE_NONET | XML_PARSE_NOWARNING);
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (!doc || first.set) {
    if (doc) xmlFreeDoc(doc);
    const xmlError* e = xmlCtxtGetLastError(ctxt);
    if (!first.set && e) first = {true, e->line, e->int2, Trimmed(e->message)};
    Error err{{std::max(1, first.line), std::max(1, first.col)},
              first.message.empty() ? Tr("malformed XML: cannot be parsed")
                                    : Tr("malformed XML: {0}", first.message),
              hint};
    xmlFreeParserCtxt(ctxt);
    return err;
  }
  xmlFreeParserCtxt(ctxt);
  XmlDoc out(doc);
  if (doc->intSubset || doc->extSubset) {
    const int line =
        doc->intSubset ? static_cast<int>(xmlGetLineNo(reinterpret_cast<xmlNode*>(doc->intSubset)))
                       : 1;
    return Error{
        {std::max(1, line), 1}, Tr("a DOCTYPE is not allowed in an MS Project XML file"), hint};
  }
  xmlNode* root = out.root();
  if (!root) return Error{{1, 1}, Tr("the document has no root element"), hint};
  if (CountElements(root, max_elements) > max_elements)
    return Error{{LineOf(root), 1}, Tr("more than {0} XML elements", max_elements), hint};
  return out;
}

XmlDoc& XmlDoc::operator=(XmlDoc&& other) noexcept {
  if (this != &other) {
    if (doc_) xmlFreeDoc(doc_);
    doc_ = other.doc_;
    other.doc_ = nullptr;
  }
  return *this;
}

XmlDoc::~XmlDoc() {
  if (doc_) xmlFreeDoc(doc_);
}

std::vector<xmlNode*> Children(const xmlNode* node, const char* name) {
  std::vector<xmlNode*> out;
  if (!node) return out;
  for (xmlNode* c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE &&
        std::strcmp(reinterpret_cast<const char*>(c->name), name) == 0)
      out.push_back(c);
  return out;
}

xmlNode* Child(const xmlNode* node, const char* name) {
  if (!node) return nullptr;
  for (xmlNode* c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE &&
        std::strcmp(reinterpret_cast<const char*>(c->name), name) == 0)
      return c;
  return nullptr;
}

std::string TextOf(const xmlNode* node) {
  // xmlNodeGetContent's text, into a buffer: its result would need
  // xmlFree, a variable of libxml2's (libxml2_on_demand.cc forwards functions).
  xmlBufferPtr buf = xmlBufferCreate();
  if (!buf) return "";
  xmlNodeBufGetContent(buf, node);
  std::string out = Trimmed(reinterpret_cast<const char*>(xmlBufferContent(buf)));
  xmlBufferFree(buf);
  return out;
}

std::string ChildText(const xmlNode* node, const char* name, const std::string& fallback) {
  const xmlNode* c = Child(node, name);
  return c ? TextOf(c) : fallback;
}

int LineOf(const xmlNode* node) { return node ? static_cast<int>(xmlGetLineNo(node)) : 0; }

}  // namespace rollout
