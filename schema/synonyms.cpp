#include "schema/synonyms.hpp"

#include "schema/text.hpp"

namespace news::schema {

namespace data {
std::string_view synonyms();
}  // namespace data

namespace {

std::vector<std::string> folded_words(std::string_view form) {
    std::vector<std::string> out;
    for (const std::string& w : split(collapse_whitespace(form), ' ')) {
        std::string k = fold_key(w);
        if (!k.empty()) out.push_back(k);
    }
    return out;
}

}  // namespace

Synonyms Synonyms::parse(std::string_view tsv) {
    Synonyms s;
    for (const std::string& raw : split(tsv, '\n')) {
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> forms;
        std::vector<std::vector<std::string>> keys;
        for (const std::string& f : split(line, '|')) {
            std::string form = collapse_whitespace(f);
            auto k = folded_words(form);
            if (k.empty()) continue;
            forms.push_back(form);
            keys.push_back(std::move(k));
        }
        if (forms.size() < 2) continue;
        s.m_forms.push_back(std::move(forms));
        s.m_keys.push_back(std::move(keys));
    }
    return s;
}

Synonyms::Match Synonyms::find(const std::vector<std::string>& words, size_t i) const {
    Match best;
    for (size_t g = 0; g < m_keys.size(); ++g) {
        for (const auto& key : m_keys[g]) {
            if (key.size() <= best.length || i + key.size() > words.size()) continue;
            bool same = true;
            for (size_t k = 0; k < key.size() && same; ++k) same = fold_key(words[i + k]) == key[k];
            if (same) best = {static_cast<int>(g), key.size()};
        }
    }
    return best;
}

const Synonyms& synonyms() {
    static const Synonyms s = Synonyms::parse(data::synonyms());
    return s;
}

}  // namespace news::schema
