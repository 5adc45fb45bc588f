// libxml2, loaded on first use rather than linked. Linked, libxml2 and the
// libraries it needs (ICU's common library and its 30 MB data file, zlib,
// liblzma) were mapped and relocated by every `rollout` process at start,
// though only the MS Project XML reader and writer call it
// (docs/performance.md "Start-up: libxml2 on demand").
//
// The libxml2 functions formats/ calls are defined here with their own
// names and signatures; each forwards to libxml2's, which dlopen finds on
// the first call. libxml2's headers stay the interface: xml_doc.cc and
// mspdi_writer.cc are written against libxml2 as if it were linked. The
// two entry points, xmlNewParserCtxt and xmlBufferCreate, return nullptr
// when the library cannot be loaded, and LibXml2LoadError() says why.
#include <dlfcn.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include <string>

#include "formats/xml_doc.h"
#include "po/messages.h"

namespace rollout {
namespace {

constexpr const char* kLibXml2 = "libxml2.so.2";

struct Loaded {
  void* handle = nullptr;
  std::string error;
};

const Loaded& Library() {
  static const Loaded loaded = [] {
    Loaded l;
    l.handle = dlopen(kLibXml2, RTLD_NOW | RTLD_LOCAL);
    if (l.handle == nullptr) {
      const char* why = dlerror();
      l.error = Tr("cannot load libxml2 ({0}): {1}", kLibXml2, why != nullptr ? why : "");
    }
    return l;
  }();
  return loaded;
}

template <class F>
F Real(const char* name) {
  void* h = Library().handle;
  return h == nullptr ? nullptr : reinterpret_cast<F>(dlsym(h, name));
}

}  // namespace

std::string LibXml2LoadError() { return Library().error; }

}  // namespace rollout

#define ROLLOUT_XML(name) static const auto real = rollout::Real<decltype(&::name)>(#name)

extern "C" {

// The entry points: nullptr when libxml2 cannot be loaded.
xmlParserCtxtPtr xmlNewParserCtxt(void) {
  ROLLOUT_XML(xmlNewParserCtxt);
  return real == nullptr ? nullptr : real();
}
xmlBufferPtr xmlBufferCreate(void) {
  ROLLOUT_XML(xmlBufferCreate);
  return real == nullptr ? nullptr : real();
}
// Called with nullptr to clear the handler, before or after a parse.
void xmlSetStructuredErrorFunc(void* ctx, xmlStructuredErrorFunc handler) {
  ROLLOUT_XML(xmlSetStructuredErrorFunc);
  if (real != nullptr) real(ctx, handler);
}

// The others are only called on what an entry point returned, so libxml2
// is loaded.
xmlDocPtr xmlCtxtReadMemory(xmlParserCtxtPtr ctxt, const char* buffer, int size, const char* url,
                            const char* encoding, int options) {
  ROLLOUT_XML(xmlCtxtReadMemory);
  return real(ctxt, buffer, size, url, encoding, options);
}
xmlErrorPtr xmlCtxtGetLastError(void* ctx) {
  ROLLOUT_XML(xmlCtxtGetLastError);
  return real(ctx);
}
void xmlFreeParserCtxt(xmlParserCtxtPtr ctxt) {
  ROLLOUT_XML(xmlFreeParserCtxt);
  real(ctxt);
}
void xmlFreeDoc(xmlDocPtr cur) {
  ROLLOUT_XML(xmlFreeDoc);
  real(cur);
}
xmlNodePtr xmlDocGetRootElement(const xmlDoc* doc) {
  ROLLOUT_XML(xmlDocGetRootElement);
  return real(doc);
}
long xmlGetLineNo(const xmlNode* node) {
  ROLLOUT_XML(xmlGetLineNo);
  return real(node);
}
int xmlNodeBufGetContent(xmlBufferPtr buffer, const xmlNode* cur) {
  ROLLOUT_XML(xmlNodeBufGetContent);
  return real(buffer, cur);
}
void xmlBufferFree(xmlBufferPtr buf) {
  ROLLOUT_XML(xmlBufferFree);
  real(buf);
}
const xmlChar* xmlBufferContent(const xmlBuffer* buf) {
  ROLLOUT_XML(xmlBufferContent);
  return real(buf);
}
int xmlBufferLength(const xmlBuffer* buf) {
  ROLLOUT_XML(xmlBufferLength);
  return real(buf);
}
xmlTextWriterPtr xmlNewTextWriterMemory(xmlBufferPtr buf, int compression) {
  ROLLOUT_XML(xmlNewTextWriterMemory);
  return real(buf, compression);
}
void xmlFreeTextWriter(xmlTextWriterPtr writer) {
  ROLLOUT_XML(xmlFreeTextWriter);
  real(writer);
}
int xmlTextWriterSetIndent(xmlTextWriterPtr writer, int indent) {
  ROLLOUT_XML(xmlTextWriterSetIndent);
  return real(writer, indent);
}
int xmlTextWriterSetIndentString(xmlTextWriterPtr writer, const xmlChar* str) {
  ROLLOUT_XML(xmlTextWriterSetIndentString);
  return real(writer, str);
}
int xmlTextWriterStartDocument(xmlTextWriterPtr writer, const char* version, const char* encoding,
                               const char* standalone) {
  ROLLOUT_XML(xmlTextWriterStartDocument);
  return real(writer, version, encoding, standalone);
}
int xmlTextWriterEndDocument(xmlTextWriterPtr writer) {
  ROLLOUT_XML(xmlTextWriterEndDocument);
  return real(writer);
}
int xmlTextWriterStartElement(xmlTextWriterPtr writer, const xmlChar* name) {
  ROLLOUT_XML(xmlTextWriterStartElement);
  return real(writer, name);
}
int xmlTextWriterEndElement(xmlTextWriterPtr writer) {
  ROLLOUT_XML(xmlTextWriterEndElement);
  return real(writer);
}
int xmlTextWriterWriteElement(xmlTextWriterPtr writer, const xmlChar* name,
                              const xmlChar* content) {
  ROLLOUT_XML(xmlTextWriterWriteElement);
  return real(writer, name, content);
}
int xmlTextWriterWriteAttribute(xmlTextWriterPtr writer, const xmlChar* name,
                                const xmlChar* content) {
  ROLLOUT_XML(xmlTextWriterWriteAttribute);
  return real(writer, name, content);
}
int xmlTextWriterFlush(xmlTextWriterPtr writer) {
  ROLLOUT_XML(xmlTextWriterFlush);
  return real(writer);
}

}  // extern "C"
