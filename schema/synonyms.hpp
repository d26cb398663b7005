#pragma once
/// Synonyms and abbreviations for queries (schema/data/synonyms.tsv): groups
/// of equivalent forms, one or several words each ("EMMD" = "Europäische
/// Metropolregion Mitteldeutschland").

#include <string>
#include <string_view>
#include <vector>

namespace news::schema {

class Synonyms {
  public:
    /// Lines "form|form|…"; '#' starts a comment.
    static Synonyms parse(std::string_view tsv);

    /// Longest form starting at words[i] (compared through fold_key):
    /// its group and its length in words; group -1 when none.
    struct Match {
        int group = -1;
        size_t length = 0;
    };
    Match find(const std::vector<std::string>& words, size_t i) const;

    /// The forms of a group as written in the file.
    const std::vector<std::string>& forms(int group) const { return m_forms[static_cast<size_t>(group)]; }

    size_t size() const { return m_forms.size(); }

  private:
    std::vector<std::vector<std::string>> m_forms;                 ///< per group, as written
    std::vector<std::vector<std::vector<std::string>>> m_keys;     ///< per group, per form: folded words
};

/// The project's synonyms (embedded schema/data/synonyms.tsv).
const Synonyms& synonyms();

}  // namespace news::schema
