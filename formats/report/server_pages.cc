#include "formats/report/server_pages.h"

#include "formats/report/report_html.h"
#include "po/messages.h"

namespace rollout {
namespace {

constexpr const char* kStyle =
    "body{font:15px/1.45 system-ui,'DejaVu Sans',sans-serif;margin:3em auto;max-width:34em;"
    "color:#1b1f24;padding:0 1em}h1{font-size:1.4em}label{display:block;margin:1em 0 .3em}"
    "input[type=password]{width:100%;box-sizing:border-box;padding:.5em;font:inherit}"
    "button{margin-top:1em;padding:.5em 1.2em;font:inherit}p.msg{color:#a40e26}"
    "li{margin:.3em 0}code{background:#f0f2f4;padding:0 .2em}";

std::string Page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"" + std::string(LangCode(CurrentLang())) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; form-action 'self'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"rollout\">\n<title>" +
         report::Escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n" +
         body + "</body>\n</html>\n";
}

std::string Message(const std::string& message) {
  return message.empty() ? "" : "<p class=\"msg\" id=\"message\">" + report::Escape(message) + "</p>\n";
}

}  // namespace

std::string QueryEscape(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string RenderSignInHtml(const std::string& message) {
  return Page(
      Tr("rollout — sign in"),
      "<h1>" + report::Escape(Tr("Sign in to the rollout report")) + "</h1>\n" + Message(message) +
          "<form method=\"post\" action=\"/login\" id=\"signin\">\n"
          "<label for=\"token\">" +
          report::Escape(Tr("Your access token")) +
          "</label>\n"
          "<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"current-password\" "
          "required maxlength=\"512\">\n"
          "<button type=\"submit\">" +
          report::Escape(Tr("Sign in")) +
          "</button>\n</form>\n"
          "<p>" +
          Tr("The project lead issues a token with {0}. The browser keeps it in a cookie for this "
             "server only; {1} forgets it.",
             "<code>rollout token issue PERSON</code>", "<code>POST /logout</code>") +
          "</p>\n");
}

std::string RenderProjectChoiceHtml(const std::vector<std::pair<std::string, std::string>>& projects,
                                    const std::string& message) {
  std::string list = "<ul id=\"projects\">\n";
  for (const auto& [id, title] : projects)
    list += "<li><a href=\"/?project=" + report::Escape(QueryEscape(id)) + "\">" +
            report::Escape(title.empty() ? id : title) + "</a> <code>" + report::Escape(id) +
            "</code></li>\n";
  list += "</ul>\n";
  return Page(Tr("rollout — projects"),
              "<h1>" + report::Escape(Tr("Projects")) + "</h1>\n" + Message(message) + list +
                  "<form method=\"post\" action=\"/logout\"><button type=\"submit\">" +
                  report::Escape(Tr("Sign out")) + "</button></form>\n");
}

}  // namespace rollout
