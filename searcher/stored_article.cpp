#include "searcher/stored_article.hpp"

#include <cstdint>

namespace news::searcher {

namespace {

/// A strict JSON reader over one buffer: every method returns false on
/// malformed input.
class Reader {
  public:
    explicit Reader(std::string_view s) : m_s(s) {}

    void skip_space() {
        while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t' || m_s[m_pos] == '\n' || m_s[m_pos] == '\r'))
            ++m_pos;
    }
    bool at(char c) {
        skip_space();
        return m_pos < m_s.size() && m_s[m_pos] == c;
    }
    bool eat(char c) {
        if (!at(c)) return false;
        ++m_pos;
        return true;
    }
    bool at_end() {
        skip_space();
        return m_pos == m_s.size();
    }

    /// A string into `out` (decoded), or only checked when `out` is null.
    bool string(std::string* out) {
        if (!eat('"')) return false;
        if (out) out->clear();
        while (true) {
            size_t run = m_pos;
            while (m_pos < m_s.size() && m_s[m_pos] != '"' && m_s[m_pos] != '\\' &&
                   static_cast<unsigned char>(m_s[m_pos]) >= 0x20)
                ++m_pos;
            if (out) out->append(m_s.data() + run, m_pos - run);
            if (m_pos >= m_s.size() || static_cast<unsigned char>(m_s[m_pos]) < 0x20) return false;
            if (m_s[m_pos++] == '"') return true;
            if (!escape(out)) return false;
        }
    }

    /// Any value, ignored.
    bool skip_value(int depth = 0) {
        if (depth > 64) return false;
        skip_space();
        if (m_pos >= m_s.size()) return false;
        char c = m_s[m_pos];
        if (c == '"') return string(nullptr);
        if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            ++m_pos;
            if (eat(close)) return true;
            do {
                if (c == '{' && (!string(nullptr) || !eat(':'))) return false;
                if (!skip_value(depth + 1)) return false;
            } while (eat(','));
            return eat(close);
        }
        for (std::string_view word : {"true", "false", "null"})
            if (m_s.substr(m_pos, word.size()) == word) return m_pos += word.size(), true;
        return number();
    }

    /// An array: its string elements into `out`, others skipped.
    bool string_array(std::vector<std::string>& out) {
        out.clear();
        if (!at('[')) return skip_value();
        ++m_pos;
        if (eat(']')) return true;
        do {
            if (at('"')) {
                out.emplace_back();
                if (!string(&out.back())) return false;
            } else if (!skip_value(1)) {
                return false;
            }
        } while (eat(','));
        return eat(']');
    }

  private:
    bool number() {
        size_t start = m_pos;
        if (m_pos < m_s.size() && m_s[m_pos] == '-') ++m_pos;
        size_t digits = m_pos;
        while (m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9') ++m_pos;
        if (m_pos == digits) return false;
        if (m_s[digits] == '0' && m_pos - digits > 1) return false;
        if (m_pos < m_s.size() && m_s[m_pos] == '.') {
            size_t frac = ++m_pos;
            while (m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9') ++m_pos;
            if (m_pos == frac) return false;
        }
        if (m_pos < m_s.size() && (m_s[m_pos] == 'e' || m_s[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_s.size() && (m_s[m_pos] == '+' || m_s[m_pos] == '-')) ++m_pos;
            size_t exp = m_pos;
            while (m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9') ++m_pos;
            if (m_pos == exp) return false;
        }
        return m_pos > start;
    }

    bool hex4(std::uint32_t& v) {
        if (m_pos + 4 > m_s.size()) return false;
        v = 0;
        for (int i = 0; i < 4; ++i) {
            char c = m_s[m_pos++];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
            else return false;
        }
        return true;
    }

    /// After a backslash.
    bool escape(std::string* out) {
        if (m_pos >= m_s.size()) return false;
        char c = m_s[m_pos++];
        char plain = 0;
        switch (c) {
            case '"': plain = '"'; break;
            case '\\': plain = '\\'; break;
            case '/': plain = '/'; break;
            case 'b': plain = '\b'; break;
            case 'f': plain = '\f'; break;
            case 'n': plain = '\n'; break;
            case 'r': plain = '\r'; break;
            case 't': plain = '\t'; break;
            case 'u': break;
            default: return false;
        }
        if (plain) {
            if (out) out->push_back(plain);
            return true;
        }
        std::uint32_t cp = 0;
        if (!hex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a lone low surrogate
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low = 0;
            if (m_s.substr(m_pos, 2) != "\\u") return false;
            m_pos += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (out) append_utf8(*out, cp);
        return true;
    }

    static void append_utf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    std::string_view m_s;
    size_t m_pos = 0;
};

bool read_object(Reader& r, StoredArticle& out, bool with_body) {
    if (!r.eat('{')) return false;
    if (r.eat('}')) return r.at_end();
    std::string key;
    do {
        if (!r.string(&key) || !r.eat(':')) return false;
        std::string* text = key == "id"      ? &out.id
                            : key == "url"   ? &out.url
                            : key == "title" ? &out.title
                            : key == "date"  ? &out.date
                            : key == "path"  ? &out.path
                            : key == "lead"  ? &out.lead
                            : key == "body" && with_body ? &out.body
                                                         : nullptr;
        std::vector<std::string>* list = key == "regions" ? &out.regions : key == "topics" ? &out.topics : nullptr;
        bool ok = false;
        if (text && r.at('"')) {
            ok = r.string(text);
        } else if (list) {
            ok = r.string_array(*list);
        } else {
            if (text) text->clear();  // the last of a repeated key counts
            ok = r.skip_value();
        }
        if (!ok) return false;
    } while (r.eat(','));
    return r.eat('}') && r.at_end();
}

}  // namespace

bool read_stored_article(std::string_view data, StoredArticle& out, bool with_body) {
    out = StoredArticle{};
    Reader r(data);
    if (read_object(r, out, with_body)) return true;
    out = StoredArticle{};
    return false;
}

}  // namespace news::searcher
