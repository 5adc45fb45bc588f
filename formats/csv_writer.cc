#include "formats/csv_writer.h"

#include "workflows/text_width.h"

namespace rollout {
namespace {

// Bytes that are not UTF-8 become U+FFFD, so the file is valid UTF-8.
std::string ValidUtf8(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    if (*p < 0x80) {
      out.push_back(static_cast<char>(*p++));
      continue;
    }
    const size_t n = Utf8SequenceLength(p, end);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++p;
    } else {
      out.append(reinterpret_cast<const char*>(p), n);
      p += n;
    }
  }
  return out;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ";") + s;
  return out;
}

}  // namespace

std::string GuardFormula(const std::string& text) {
  if (text.empty()) return text;
  const char c = text[0];
  if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') return "'" + text;
  return text;
}

std::string CsvField(const std::string& text, char sep) {
  if (text.find_first_of(std::string{sep, '"', '\r', '\n'}) == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out.push_back(c);
  }
  return out + "\"";
}

std::string LinkText(const Link& link) {
  if (link.type == LinkType::kFS && link.lag == 0) return link.task;
  std::string out = link.task + LinkTypeName(link.type);
  if (link.lag != 0) out += (link.lag > 0 ? "+" : "") + std::to_string(link.lag);
  return out;
}

std::string WriteCsv(const ExportView& view, bool excel) {
  const char sep = excel ? ';' : ',';
  const Plan& plan = *view.plan;
  std::string out = excel ? "\xEF\xBB\xBF" : "";
  for (size_t c = 0; c < std::size(kCsvColumns); ++c)
    out += (c ? std::string(1, sep) : "") + kCsvColumns[c];
  out += "\r\n";
  const std::vector<std::string> wbs = OutlineNumbers(plan);
  for (size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    const TaskTimes& x = view.schedule->tasks[i];
    const ExportTask& e = view.tasks[i];
    std::vector<std::string> links;
    for (const Link& l : t.after) links.push_back(LinkText(l));
    const std::string text[] = {t.id,
                                t.name,
                                t.parent >= 0 ? plan.tasks[static_cast<size_t>(t.parent)].id : "",
                                wbs[i],
                                std::to_string(x.ef - x.es),
                                Joined(links),
                                FormatDate(e.start),
                                FormatDate(e.finish),
                                std::to_string(x.total_float),
                                x.critical ? "true" : "false",
                                Joined(e.assigned),
                                e.state};
    for (size_t c = 0; c < std::size(text); ++c) {
      // Numbers and dates are written as they are; every text cell is guarded.
      const bool numeric = c == 4 || c == 6 || c == 7 || c == 8;
      const std::string cell = numeric ? text[c] : GuardFormula(ValidUtf8(text[c]));
      out += (c ? std::string(1, sep) : "") + CsvField(cell, sep);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace rollout
