#include "searcher/query_rewriter.hpp"

#include "schema/analysis.hpp"
#include "schema/normaliser.hpp"
#include "schema/text.hpp"

#include <cctype>
#include <vector>

namespace news::searcher {

namespace {

bool is_word_byte(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return std::isalnum(u) || u >= 0x80;
}

bool is_operator(const std::string& w) {
    return w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ";
}

struct Token {
    std::string text;
    bool plain_word = false;  ///< a word the synonym stage may replace
};

/// Split into tokens: phrases, field queries, wildcards and gender forms are
/// handled here; plain words are marked for the synonym stage.
std::vector<Token> tokenize(std::string_view q) {
    std::vector<Token> out;
    size_t i = 0;
    while (i < q.size()) {
        char c = q[i];
        if (c == '"') {
            size_t end = q.find('"', i + 1);
            end = end == std::string_view::npos ? q.size() : end + 1;
            out.push_back({schema::normalise_gender(q.substr(i, end - i)), false});
            i = end;
            continue;
        }
        if (!is_word_byte(c)) {
            out.push_back({std::string(1, c), false});
            ++i;
            continue;
        }
        size_t j = i;
        while (j < q.size() && is_word_byte(q[j])) ++j;
        std::string word(q.substr(i, j - i));
        // Gender forms: the normaliser recognises them; the base joins in with OR.
        size_t k = j;
        // Bürger(innen): a ')' only closes a '(' of the span itself.
        int open = 0;
        while (k < q.size() && (is_word_byte(q[k]) || q[k] == '*' || q[k] == ':' || q[k] == '_' || q[k] == '/' ||
                                q[k] == '-' || q[k] == '(' || (q[k] == ')' && open > 0))) {
            open += q[k] == '(' ? 1 : q[k] == ')' ? -1 : 0;
            ++k;
        }
        std::string span(q.substr(i, k - i));
        std::string normal = schema::normalise_gender(span);
        if (normal != span && normal.size() >= 5 && normal.compare(normal.size() - 5, 5, "innen") == 0) {
            out.push_back({"(" + normal + " OR " + normal.substr(0, normal.size() - 5) + ")", false});
            i = k;
            continue;
        }
        if (normal != span) {  // singular "-in" forms
            out.push_back({normal, false});
            i = k;
            continue;
        }
        // Two nouns joined by a hyphen: also the closed compound.
        if (j + 1 < q.size() && q[j] == '-' && is_word_byte(q[j + 1]) && !(i > 0 && q[i - 1] == '-')) {
            size_t e = j + 1;
            while (e < q.size() && is_word_byte(q[e])) ++e;
            std::string second(q.substr(j + 1, e - j - 1));
            bool nouns = schema::starts_upper(word) && schema::starts_upper(second) &&
                         schema::acronym_term(word).empty() && schema::acronym_term(second).empty() &&
                         word.size() >= 4 && second.size() >= 4 && (e >= q.size() || q[e] != '-') &&
                         !(i > 0 && (q[i - 1] == '+' || q[i - 1] == '"'));
            if (nouns) {
                out.push_back({"(\"" + word + "-" + second + "\" OR " + word + schema::to_lower(second) + ")", false});
                i = e;
                continue;
            }
        }
        if (j < q.size() && q[j] == ':') {  // field query: keep the field and its value
            size_t v = j + 1;
            if (v < q.size() && q[v] == '"') {
                size_t end = q.find('"', v + 1);
                v = end == std::string_view::npos ? q.size() : end + 1;
            } else {
                while (v < q.size() && !std::isspace(static_cast<unsigned char>(q[v])) && q[v] != ')') ++v;
            }
            out.push_back({std::string(q.substr(i, v - i)), false});
            i = v;
            continue;
        }
        bool wildcard = j < q.size() && q[j] == '*';
        bool signed_word = i > 0 && (q[i - 1] == '+' || q[i - 1] == '-');
        out.push_back({word, !wildcard && !signed_word && !is_operator(word)});
        i = j;
    }
    return out;
}

std::string group_query(const std::vector<std::string>& forms, bool acronyms) {
    std::string out = "(";
    for (size_t f = 0; f < forms.size(); ++f) {
        if (f) out += " OR ";
        bool phrase = forms[f].find(' ') != std::string::npos || forms[f].find('-') != std::string::npos;
        if (acronyms && !phrase && !schema::acronym_term(forms[f]).empty())
            out += std::string(kAcronymField) + ":" + forms[f];
        else
            out += phrase ? "\"" + forms[f] + "\"" : forms[f];
    }
    return out + ")";
}

}  // namespace

std::string rewrite_query(std::string_view query, const schema::Synonyms& synonyms, const RewriteOptions& options) {
    std::vector<Token> tokens = tokenize(query);
    std::string out;
    // A plain word not part of a synonym: acronym, compound or itself.
    auto plain = [&](const std::string& word) {
        if (options.acronyms && !schema::acronym_term(word).empty()) return std::string(kAcronymField) + ":" + word;
        if (options.is_compound && options.is_compound(word)) return std::string(kCompoundField) + ":" + word;
        return word;
    };
    size_t t = 0;
    while (t < tokens.size()) {
        if (!tokens[t].plain_word) {
            out += tokens[t++].text;
            continue;
        }
        // Consecutive plain words separated by single spaces form a run.
        std::vector<std::string> words;
        std::vector<size_t> index;
        for (size_t u = t; u < tokens.size(); u += 2) {
            if (!tokens[u].plain_word) break;
            words.push_back(tokens[u].text);
            index.push_back(u);
            if (u + 1 >= tokens.size() || tokens[u + 1].text != " ") break;
        }
        size_t w = 0;
        while (w < words.size()) {
            auto m = synonyms.find(words, w);
            if (m.group >= 0) {
                // The group's acronyms match acronyms only ("KI" or "künstliche
                // Intelligenz" typed), unless the word typed was one word not in
                // capitals ("ki"): that matches every spelling, as before.
                bool lower_typed = m.length == 1 && schema::acronym_term(words[w]).empty();
                out += group_query(synonyms.forms(m.group), options.acronyms && !lower_typed);
                w += m.length;
            } else {
                out += plain(words[w++]);
            }
            if (w < words.size()) out += ' ';
        }
        t = index.back() + 1;
    }
    return out;
}

std::string expand_field_phrases(std::string_view q, const std::vector<std::string>& fields) {
    std::string out;
    size_t i = 0;
    while (i < q.size()) {
        if (q[i] == '"') {  // a phrase of its own: copied whole, whatever is inside
            size_t end = q.find('"', i + 1);
            end = end == std::string_view::npos ? q.size() : end + 1;
            out.append(q.substr(i, end - i));
            i = end;
            continue;
        }
        if (!is_word_byte(q[i]) || (i > 0 && is_word_byte(q[i - 1]))) {
            out += q[i++];
            continue;
        }
        size_t j = i;
        while (j < q.size() && is_word_byte(q[j])) ++j;
        const std::string name(q.substr(i, j - i));
        size_t close = j + 1 < q.size() && q[j] == ':' && q[j + 1] == '"' ? q.find('"', j + 2) : std::string_view::npos;
        bool known = false;
        for (const std::string& f : fields) known = known || f == name;
        if (!known || close == std::string_view::npos) {
            out.append(q.substr(i, j - i));
            i = j;
            continue;
        }
        // The words as the phrase's tokenizer would see them.
        const std::string_view phrase = q.substr(j + 2, close - j - 2);
        std::vector<std::string_view> words;
        for (size_t k = 0; k < phrase.size();) {
            if (!is_word_byte(phrase[k])) {
                ++k;
                continue;
            }
            size_t e = k;
            while (e < phrase.size() && is_word_byte(phrase[e])) ++e;
            words.push_back(phrase.substr(k, e - k));
            k = e;
        }
        auto field_word = [&](std::string_view w) {
            out.append(name);
            out.push_back(':');
            out.append(w);
        };
        if (words.size() == 1) {
            field_word(words.front());
        } else if (words.size() > 1) {
            out.push_back('(');
            for (std::string_view w : words) field_word(w), out.push_back(' ');
            out.push_back('"');
            out.append(phrase);
            out.append("\")");
        } else {
            out.append(q.substr(i, close + 1 - i));
        }
        i = close + 1;
    }
    return out;
}

}  // namespace news::searcher
