#include "schema/umlaut_stem.hpp"

#include "schema/text.hpp"

#include <algorithm>

namespace news::schema {

namespace {

bool is_vowel(unsigned cp) {
    switch (cp) {
        case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
        case 0xE4: case 0xF6: case 0xFC:  // ä ö ü
            return true;
        default:
            return false;
    }
}

unsigned fold_cp(unsigned cp) {
    switch (cp) {
        case 0xE4: return 'a';
        case 0xF6: return 'o';
        case 0xFC: return 'u';
        default: return cp;
    }
}

bool has_umlaut(std::string_view s) {
    return s.find("\xC3\xA4") != std::string_view::npos || s.find("\xC3\xB6") != std::string_view::npos ||
           s.find("\xC3\xBC") != std::string_view::npos;
}

std::vector<unsigned> code_points(std::string_view s) {
    std::vector<unsigned> out;
    for (Xapian::Utf8Iterator it(s.data(), s.size()), end; it != end; ++it) out.push_back(*it);
    return out;
}

/// ä → a, ö → o, ü → u, Ä → A, Ö → O, Ü → U.
std::string without_umlauts(std::string_view s) {
    std::string out;
    for (unsigned cp : code_points(s)) {
        if (cp == 0xC4) cp = 'A';
        else if (cp == 0xD6) cp = 'O';
        else if (cp == 0xDC) cp = 'U';
        append_utf8(out, fold_cp(cp));
    }
    return out;
}

}  // namespace

std::string normalise_umlauts(std::string_view word) {
    std::vector<unsigned> in = code_points(to_lower(word));
    std::string out;
    out.reserve(word.size());
    for (size_t i = 0; i < in.size(); ++i) {
        unsigned cp = in[i];
        if (cp == 0xDF) {  // ß
            out += "ss";
            continue;
        }
        if ((cp == 'a' || cp == 'o' || cp == 'u') && i + 1 < in.size() && in[i + 1] == 'e') {
            bool keep = cp == 'u' && i > 0 && (in[i - 1] == 'q' || is_vowel(in[i - 1]));
            if (!keep) {
                append_utf8(out, cp == 'a' ? 0xE4 : cp == 'o' ? 0xF6 : 0xFC);
                ++i;
                continue;
            }
        }
        append_utf8(out, cp);
    }
    return out;
}

std::string restore_umlauts(std::string_view word, const std::string& stem) {
    std::string normal = normalise_umlauts(word);
    if (!has_umlaut(normal)) return stem;
    std::vector<unsigned> n = code_points(normal);
    std::string out;
    out.reserve(stem.size() + 4);
    size_t i = 0;
    for (Xapian::Utf8Iterator it(stem), end; it != end; ++it, ++i) {
        if (i >= n.size() || fold_cp(n[i]) != *it) return stem;  // not a prefix: keep german2's stem
        append_utf8(out, n[i]);
    }
    return out;
}

std::shared_ptr<const UmlautFolds> UmlautFolds::from_entries(
    const std::vector<std::pair<std::string, std::string>>& entries, const std::unordered_set<std::string>& words,
    const std::unordered_set<std::string>& nouns) {
    auto out = std::make_shared<UmlautFolds>();
    Xapian::Stem german2("german2");
    // A stem that some other entry (a singular, a verb, a positive) also
    // has keeps its umlaut: "drück" of "drücken" although "Drücke" is the
    // plural of "Druck", "bär" of "Bär" although "Bären" looks like Bar + en.
    std::unordered_set<std::string> kept_by_others;
    std::unordered_map<std::string, std::string> plural;
    for (const auto& [word, flags] : entries) {
        const std::string lower = to_lower(word);
        if (!has_umlaut(lower)) continue;
        const std::string folded = german2(lower);
        const std::string kept = restore_umlauts(lower, folded);
        if (kept == folded) continue;
        if (is_plural_form(word, flags, words, nouns)) {
            plural.emplace(kept, folded);
            continue;
        }
        // Any other word (but the lists' lower-case compound-part forms,
        // flags h, o, z: "länder/Nozm") whose spelling without umlauts is a
        // word too: "Förderung" and "Forderung", "drücken" and "drucken"
        // ("Städter" has no such twin).
        const bool part_form = !starts_upper(word) && flags != kListedOnly && flags.find_first_of("hoz") != std::string::npos;
        if (!part_form && words.count(to_lower(without_umlauts(word)))) kept_by_others.insert(kept);
    }
    for (auto& [kept, folded] : plural)
        if (!kept_by_others.count(kept)) out->m_folds.emplace(kept, folded);
    return out;
}

bool UmlautFolds::is_plural_form(const std::string& word, const std::string& flags,
                                 const std::unordered_set<std::string>& words,
                                 const std::unordered_set<std::string>& nouns) {
    const bool noun = starts_upper(word);
    const bool listed_only = flags == kListedOnly;  // an inflected form from wngerman ("Abfälle")
    if (listed_only && !noun) return false;
    if (noun && flags.find_first_of("SPET") != std::string::npos) return false;  // a singular
    if (!noun && flags != "A") return false;                                     // verbs, positives
    // Without the dative plural's flag N, only an ending tells a plural from
    // a compound part ("Häuser" = Haus + er, but "Förder/hij", "Schön/hij").
    const bool plural_flag = !listed_only && flags.find('N') != std::string::npos;
    const std::string lower = to_lower(word);
    const std::string bare = to_lower(without_umlauts(word));
    for (std::string_view ending : {"", "e", "er", "en", "n"}) {
        if (!noun && ending != "er") continue;
        if (ending.empty() && !plural_flag) continue;
        if (bare.size() < ending.size() + 2 || bare.compare(bare.size() - ending.size(), ending.size(), ending) != 0)
            continue;
        std::string base = bare.substr(0, bare.size() - ending.size());
        if (base != lower && (noun ? nouns.count(base) != 0 : words.count(base) != 0)) return true;
    }
    return false;
}

std::string UmlautFolds::serialise() const {
    std::vector<std::pair<std::string, std::string>> sorted(m_folds.begin(), m_folds.end());
    std::sort(sorted.begin(), sorted.end());
    std::string out;
    for (const auto& [kept, folded] : sorted) out += kept + '\t' + folded + '\n';
    return out;
}

std::shared_ptr<const UmlautFolds> UmlautFolds::parse(std::string_view text) {
    auto out = std::make_shared<UmlautFolds>();
    for (const std::string& line : split(text, '\n')) {
        size_t tab = line.find('\t');
        if (tab == std::string::npos || tab == 0 || tab + 1 == line.size()) continue;
        out->m_folds.emplace(line.substr(0, tab), line.substr(tab + 1));
    }
    return out;
}

const std::string* UmlautFolds::find(const std::string& umlaut_stem) const {
    auto it = m_folds.find(umlaut_stem);
    return it == m_folds.end() ? nullptr : &it->second;
}

UmlautStem::UmlautStem(std::shared_ptr<const UmlautFolds> folds) : m_german2("german2"), m_folds(std::move(folds)) {}

std::string UmlautStem::operator()(const std::string& word) {
    std::string stem = m_german2(word);
    // Fast path: no umlaut, no ß and no transcription in the word.
    bool candidate = false;
    for (size_t i = 0; i + 1 < word.size() && !candidate; ++i)
        candidate = static_cast<unsigned char>(word[i]) >= 0x80 ||
                    ((word[i] == 'a' || word[i] == 'o' || word[i] == 'u') && word[i + 1] == 'e');
    if (!candidate) return stem;
    std::string kept = restore_umlauts(word, stem);
    if (kept == stem) return stem;
    if (m_folds && m_folds->size() != 0) {
        if (const std::string* folded = m_folds->find(kept)) return *folded;
        // A compound's head: "fachkräft" ends in the plural "kräft" → "fachkraft".
        // Heads of at least three letters, longest first; the modifier keeps its umlauts.
        size_t chars = 0;
        std::vector<size_t> starts;
        for (size_t i = 0; i < kept.size(); ++i)
            if ((static_cast<unsigned char>(kept[i]) & 0xC0) != 0x80) starts.push_back(i), ++chars;
        for (size_t c = 1; c + 3 <= chars; ++c) {
            if (const std::string* folded = m_folds->find(kept.substr(starts[c])))
                return kept.substr(0, starts[c]) + *folded;
        }
    }
    return kept;
}

Xapian::Stem make_umlaut_stem(std::shared_ptr<const UmlautFolds> folds) {
    return Xapian::Stem(new UmlautStem(std::move(folds)));
}

}  // namespace news::schema
