#include "schema/gazetteer.hpp"

#include "schema/text.hpp"
#include "schema/vocabulary.hpp"

#include <xapian.h>

#include <algorithm>

namespace news::schema {

namespace data {
std::string_view gazetteer();
}  // namespace data

namespace {

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::string w;
    size_t i = 0;
    while (i < text.size()) {
        unsigned cp = static_cast<unsigned char>(text[i]);
        bool word_char;
        if (cp < 0x80) {  // ASCII fast path: Xapian's word characters are letters, digits and '_'
            word_char = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
            ++i;
        } else {
            Xapian::Utf8Iterator it(text.data() + i, text.size() - i);
            cp = *it;
            ++it;
            i = it == Xapian::Utf8Iterator() ? text.size() : static_cast<size_t>(it.raw() - text.data());
            word_char = Xapian::Unicode::is_wordchar(cp) && cp != '_';
        }
        if (word_char) {
            append_utf8(w, cp);
        } else if (!w.empty()) {
            out.push_back(std::move(w));
            w.clear();
        }
    }
    if (!w.empty()) out.push_back(std::move(w));
    return out;
}

}  // namespace

Gazetteer Gazetteer::parse(std::string_view tsv) {
    Gazetteer g;
    for (const std::string& raw : split(tsv, '\n')) {
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        auto cols = split(raw, '\t');
        if (cols.size() < 2) continue;
        std::vector<std::string> words = words_of(cols[0]);
        std::string region = regions().canonical(trim(cols[1]));
        if (words.empty() || !regions().contains(region)) continue;
        g.m_by_first_word[words[0]].push_back({std::move(words), std::move(region)});
        ++g.m_count;
    }
    return g;
}

std::vector<std::string> Gazetteer::regions_in(std::string_view text) const {
    std::vector<std::string> words = words_of(text);
    std::vector<std::pair<std::string, int>> counts;
    for (size_t i = 0; i < words.size(); ++i) {
        auto it = m_by_first_word.find(words[i]);
        if (it == m_by_first_word.end()) continue;
        const Place* best = nullptr;
        for (const Place& p : it->second) {
            if (i + p.words.size() > words.size()) continue;
            if (!std::equal(p.words.begin(), p.words.end(), words.begin() + static_cast<long>(i))) continue;
            if (!best || p.words.size() > best->words.size()) best = &p;
        }
        if (!best) continue;
        auto c = std::find_if(counts.begin(), counts.end(), [&](const auto& x) { return x.first == best->region; });
        if (c == counts.end()) counts.emplace_back(best->region, 1);
        else ++c->second;
        i += best->words.size() - 1;
    }
    std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> out;
    for (const auto& [region, n] : counts) out.push_back(region);
    return out;
}

const Gazetteer& gazetteer() {
    static const Gazetteer g = Gazetteer::parse(data::gazetteer());
    return g;
}

}  // namespace news::schema
