// A libxml2 document read from memory, safely: no network, no DTD, no
// entity expansion, bounded size and element count; and the few node
// helpers the MSPDI reader needs (children by local name, text, line).
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <string>
#include <vector>

#include "engine/result.h"

namespace rollout {

/// Owns an xmlDoc.
class XmlDoc {
 public:
  /// Parses |text|. Errors carry the line and column libxml2 reports.
  /// Refused: more than |max_bytes|, a DOCTYPE (MSPDI files have none;
  /// entities are how XML bombs work), more than |max_elements| elements.
  static Result<XmlDoc> Parse(const std::string& text, size_t max_bytes, size_t max_elements);

  XmlDoc(XmlDoc&& other) noexcept : doc_(other.doc_) { other.doc_ = nullptr; }
  XmlDoc& operator=(XmlDoc&& other) noexcept;
  XmlDoc(const XmlDoc&) = delete;
  XmlDoc& operator=(const XmlDoc&) = delete;
  ~XmlDoc();

  xmlNode* root() const { return xmlDocGetRootElement(doc_); }

 private:
  explicit XmlDoc(xmlDoc* doc) : doc_(doc) {}
  xmlDoc* doc_;
};

/// The element children of |node| named |name| (local name, any namespace).
std::vector<xmlNode*> Children(const xmlNode* node, const char* name);
/// The first such child, or nullptr.
xmlNode* Child(const xmlNode* node, const char* name);
/// The text of |node| (all text below it), trimmed of surrounding blanks.
std::string TextOf(const xmlNode* node);
/// The text of child |name| of |node|, or |fallback| when there is none.
std::string ChildText(const xmlNode* node, const char* name, const std::string& fallback = "");
/// Line of |node| in the input (1-based).
int LineOf(const xmlNode* node);

/// Why libxml2 could not be loaded (libxml2_on_demand.cc), empty when it
/// was or has not been tried.
std::string LibXml2LoadError();

}  // namespace rollout
