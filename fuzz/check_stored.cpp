// Invariants of the stored document data: the searcher's SAX reader
// (searcher/stored_article.hpp) against the indexer's DOM reader
// (indexer/stored_article.hpp), and writing then reading back.

#include "fuzz/checks.hpp"

#include "indexer/stored_article.hpp"
#include "schema/document_data.hpp"
#include "schema/text.hpp"
#include "searcher/stored_article.hpp"

#include <nlohmann/json.hpp>

namespace news::fuzz {

namespace {

bool empty(const searcher::StoredArticle& s) {
    return s.id.empty() && s.url.empty() && s.title.empty() && s.date.empty() && s.path.empty() &&
           s.lead.empty() && s.body.empty() && s.regions.empty() && s.topics.empty();
}

/// "" when the searcher's fields equal the indexer's (the body only `with_body`).
std::string compare(const searcher::StoredArticle& s, const indexer::Article& a, bool with_body) {
    const std::pair<const char*, bool> fields[] = {
        {"id", s.id == a.id},         {"url", s.url == a.url},     {"title", s.title == a.title},
        {"date", s.date == a.date},   {"path", s.path == a.path},  {"lead", s.lead == a.lead},
        {"regions", s.regions == a.regions}, {"topics", s.topics == a.topics},
        {"body", with_body ? s.body == a.body : s.body.empty()}};
    for (const auto& [name, equal] : fields)
        if (!equal) return std::string("stored: the readers disagree on ") + name;
    return {};
}

/// The data as indexer/document_builder.cpp writes it: the JSON header,
/// the body outside when it is valid UTF-8.
std::string write_data(const indexer::Article& a) {
    nlohmann::json data = indexer::to_json(a);
    const bool body_outside = schema::is_valid_utf8(a.body);
    if (body_outside) data.erase("body");
    std::string header = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return body_outside ? schema::join_document_data(std::move(header), a.body) : header;
}

bool all_valid_utf8(const indexer::Article& a) {
    for (const std::string* s : {&a.id, &a.url, &a.title, &a.date, &a.path, &a.lead, &a.body})
        if (!schema::is_valid_utf8(*s)) return false;
    for (const auto* list : {&a.regions, &a.topics})
        for (const std::string& v : *list)
            if (!schema::is_valid_utf8(v)) return false;
    return true;
}

}  // namespace

std::string check_stored(std::string_view bytes) {
    const std::string data(bytes);
    searcher::StoredArticle with, without;
    const bool ok = searcher::read_stored_article(data, with, true);
    if (searcher::read_stored_article(data, without, false) != ok) return "stored: with_body changes the verdict";
    if (!ok) {
        if (!empty(with) || !empty(without)) return "stored: refused data left fields filled";
        // The DOM parser must refuse it too (a NUL byte is refused on purpose, see read_stored_article).
        const schema::DocumentDataParts parts = schema::split_document_data(data);
        nlohmann::json j = nlohmann::json::parse(parts.header, nullptr, false);
        if (!j.is_discarded() && j.is_object() && parts.header.find('\0') == std::string_view::npos)
            return "stored: the SAX reader refuses a JSON object the DOM parser reads";
        return {};
    }
    const indexer::Article a = indexer::article_from_data(data);
    if (std::string broken = compare(with, a, true); !broken.empty()) return broken;
    if (std::string broken = compare(without, a, false); !broken.empty()) return broken + " (without body)";

    // Written again as the indexer writes it, the article reads back unchanged.
    if (all_valid_utf8(a)) {
        searcher::StoredArticle back;
        if (!searcher::read_stored_article(write_data(a), back, true)) return "stored: written data is refused";
        if (std::string broken = compare(back, a, true); !broken.empty()) return broken + " (after writing)";
    }
    return {};
}

}  // namespace news::fuzz
