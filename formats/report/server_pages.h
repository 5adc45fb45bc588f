// The two small pages of the server's `/` besides the report itself
// (docs/report.md "Served live"): the sign-in form, and the choice of a
// project for a person of several. Pure, every text escaped, nothing
// fetched: the same Content-Security-Policy as the report, plus a form
// that may post only to this server.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace rollout {

/// The sign-in page: a form posting `token` to /login (the path only, so
/// it goes to the server that served it). |message| says why (empty: none).
std::string RenderSignInHtml(const std::string& message);

/// Links to /?project=ID for each of |projects| (id, title), with |message|.
std::string RenderProjectChoiceHtml(const std::vector<std::pair<std::string, std::string>>& projects,
                                    const std::string& message);

/// |text| %-encoded for a URL's query value (RFC 3986 unreserved kept).
std::string QueryEscape(const std::string& text);

}  // namespace rollout
