#include "schema/normaliser.hpp"

#include "schema/text.hpp"

#include <xapian.h>

#include <cctype>

namespace news::schema {

namespace {

bool is_letter_before(std::string_view s, size_t pos) {
    // The byte before pos ends a letter: ASCII letter or the last byte of a
    // multi-byte UTF-8 character (umlauts).
    if (pos == 0) return false;
    unsigned char c = static_cast<unsigned char>(s[pos - 1]);
    return std::isalpha(c) || c >= 0x80;
}

bool word_ends(std::string_view s, size_t pos) {
    return pos >= s.size() || !(std::isalnum(static_cast<unsigned char>(s[pos])) || static_cast<unsigned char>(s[pos]) >= 0x80);
}

bool starts_gender_form(char c) { return c == '*' || c == ':' || c == '_' || c == '/' || c == '(' || c == 'I'; }

}  // namespace

std::string normalise_gender(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        // Only these characters can start a gender form: copy the text up to
        // the next one in one piece.
        size_t run = i;
        while (run < text.size() && !starts_gender_form(text[run])) ++run;
        if (run > i) {
            out.append(text.substr(i, run - i));
            i = run;
            if (i == text.size()) break;
        }
        char c = text[i];
        // Bürger*innen, Bürger:innen, Bürger_innen, Bürger/innen, Bürger/-innen
        if ((c == '*' || c == ':' || c == '_' || c == '/') && is_letter_before(text, i)) {
            size_t j = i + 1;
            if (c == '/' && j < text.size() && text[j] == '-') ++j;
            for (std::string_view suffix : {"innen", "in"}) {
                if (text.compare(j, suffix.size(), suffix) == 0 && word_ends(text, j + suffix.size())) {
                    out += suffix;
                    i = j + suffix.size();
                    goto next;
                }
            }
        }
        // Bürger(innen), Lehrer(in)
        if (c == '(' && is_letter_before(text, i)) {
            for (std::string_view suffix : {"innen)", "in)"}) {
                if (text.compare(i + 1, suffix.size(), suffix) == 0 && word_ends(text, i + 1 + suffix.size())) {
                    out += suffix.substr(0, suffix.size() - 1);
                    i += 1 + suffix.size();
                    goto next;
                }
            }
        }
        // BürgerInnen: a capital I after a lower-case letter
        if (c == 'I' && i > 0 && std::islower(static_cast<unsigned char>(text[i - 1]))) {
            for (std::string_view suffix : {"Innen", "In"}) {
                if (text.compare(i, suffix.size(), suffix) == 0 && word_ends(text, i + suffix.size())) {
                    out += suffix == "Innen" ? "innen" : "in";
                    i += suffix.size();
                    goto next;
                }
            }
        }
        out += c;
        ++i;
    next:;
    }
    return out;
}

std::string join_line_break_hyphens(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '-' && is_letter_before(text, i)) {
            size_t j = i + 1;
            while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
            if (j < text.size() && text[j] == '\n') {
                size_t k = j + 1;
                while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
                size_t e = k;
                while (e < text.size() && std::isalpha(static_cast<unsigned char>(text[e]))) ++e;
                std::string_view next = text.substr(k, e - k);
                bool lower = k < text.size() && std::islower(static_cast<unsigned char>(text[k]));
                bool conjunction = next == "und" || next == "oder" || next == "bzw" || next == "sowie" ||
                                   next == "bis" || next == "als" || next == "wie";
                if (lower && !conjunction) {
                    i = k - 1;  // drop "-", the break and the indentation
                    continue;
                }
            }
        }
        out += text[i];
    }
    return out;
}

std::string gender_base(std::string_view word) {
    constexpr std::string_view kSuffix = "innen";
    if (word.size() < kSuffix.size() + 4 || word.compare(word.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
        return {};
    if (!starts_upper(word)) return {};
    std::string base(word.substr(0, word.size() - kSuffix.size()));
    size_t letters = 0;
    for (Xapian::Utf8Iterator b(base), end; b != end; ++b) ++letters;
    return letters >= 4 ? base : std::string();
}

}  // namespace news::schema
