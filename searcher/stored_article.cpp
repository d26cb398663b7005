#include "searcher/stored_article.hpp"

#include "schema/document_data.hpp"

#include <nlohmann/json.hpp>

namespace news::searcher {

namespace {

/// Takes the fields of StoredArticle from nlohmann's SAX events and ignores
/// the rest. Depth 1 is the top object: its keys pick a target, a string
/// value fills a text target, the string elements directly inside an array
/// value fill a list target; anything deeper is only checked by the parser.
class FieldHandler final : public nlohmann::json_sax<nlohmann::json> {
  public:
    FieldHandler(StoredArticle& out, bool with_body) : m_out(out), m_with_body(with_body) {}

    bool null() override { return scalar(); }
    bool boolean(bool) override { return scalar(); }
    bool number_integer(number_integer_t) override { return scalar(); }
    bool number_unsigned(number_unsigned_t) override { return scalar(); }
    bool number_float(number_float_t, const string_t&) override { return scalar(); }
    bool binary(binary_t&) override { return scalar(); }  // not produced by JSON text

    bool string(string_t& s) override {
        if (m_depth == 1 && m_text) *m_text = s;
        else if (m_depth == 2 && m_list) m_list->push_back(s);
        return scalar();
    }

    bool start_object(std::size_t) override {
        ++m_depth;
        return true;
    }

    bool key(string_t& k) override {
        if (m_depth != 1) return true;
        m_text = nullptr;
        m_list = nullptr;
        m_pending_list = nullptr;
        if (k == "id") m_text = &m_out.id;
        else if (k == "url") m_text = &m_out.url;
        else if (k == "title") m_text = &m_out.title;
        else if (k == "date") m_text = &m_out.date;
        else if (k == "path") m_text = &m_out.path;
        else if (k == "lead") m_text = &m_out.lead;
        else if (k == "body" && m_with_body) m_text = &m_out.body;
        else if (k == "regions") m_pending_list = &m_out.regions;
        else if (k == "topics") m_pending_list = &m_out.topics;
        // The last of a repeated key counts, and a value of another type
        // than expected leaves the field empty.
        if (m_text) m_text->clear();
        if (m_pending_list) m_pending_list->clear();
        return true;
    }

    bool end_object() override {
        --m_depth;
        return true;
    }

    bool start_array(std::size_t) override {
        if (m_depth == 0) return false;  // not an object
        if (m_depth == 1) m_list = m_pending_list;
        ++m_depth;
        return true;
    }

    bool end_array() override {
        --m_depth;
        return true;
    }

    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

  private:
    /// A value that is not an object or an array: false at the top, where
    /// only an object will do.
    bool scalar() const { return m_depth > 0; }

    StoredArticle& m_out;
    const bool m_with_body;
    int m_depth = 0;
    std::string* m_text = nullptr;                      // the current top-level key's text field
    std::vector<std::string>* m_pending_list = nullptr;  // its list field
    std::vector<std::string>* m_list = nullptr;          // the list field while in its array
};

}  // namespace

bool read_stored_article(std::string_view data, StoredArticle& out, bool with_body) {
    out = StoredArticle{};
    // nlohmann's lexer takes a NUL byte for the end of the input (C strings),
    // so `{}` followed by a NUL and anything would pass; a NUL is never valid
    // JSON text, not even inside a string.
    const schema::DocumentDataParts parts = schema::split_document_data(data);
    if (parts.header.find('\0') != std::string_view::npos) return false;
    FieldHandler handler(out, with_body && !parts.body_outside);
    if (nlohmann::json::sax_parse(parts.header, &handler, nlohmann::json::input_format_t::json, /*strict=*/true)) {
        if (with_body && parts.body_outside) out.body = parts.body;
        return true;
    }
    out = StoredArticle{};
    return false;
}

}  // namespace news::searcher
