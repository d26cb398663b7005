#include "schema/vocabulary.hpp"

#include "schema/text.hpp"

namespace news::schema {

namespace data {
std::string_view regions();
std::string_view topics();
}  // namespace data

Vocabulary Vocabulary::parse(std::string_view tsv) {
    Vocabulary v;
    for (const std::string& raw : split(tsv, '\n')) {
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        auto cols = split(raw, '\t');
        std::string label = trim(cols[0]);
        if (label.empty()) continue;
        v.m_labels.push_back(label);
        v.m_by_key.emplace(fold_key(label), label);
        if (cols.size() > 1) {
            for (const std::string& variant : split(cols[1], '|')) {
                std::string key = fold_key(variant);
                if (!key.empty()) v.m_by_key.emplace(key, label);
            }
        }
    }
    return v;
}

std::string Vocabulary::canonical(std::string_view value) const {
    auto it = m_by_key.find(fold_key(value));
    if (it != m_by_key.end()) return it->second;
    return collapse_whitespace(value);
}

bool Vocabulary::contains(std::string_view value) const {
    return m_by_key.count(fold_key(value)) != 0;
}

std::string Vocabulary::term_value(std::string_view value) const { return fold_key(canonical(value)); }

const Vocabulary& regions() {
    static const Vocabulary v = Vocabulary::parse(data::regions());
    return v;
}

const Vocabulary& topics() {
    static const Vocabulary v = Vocabulary::parse(data::topics());
    return v;
}

}  // namespace news::schema
