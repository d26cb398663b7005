#pragma once
/// Controlled vocabularies (regions, topics): canonical labels and their
/// spelling variants, read from the TSV files in schema/data/.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace news::schema {

class Vocabulary {
  public:
    /// Parse "canonical<TAB>variant|variant" lines; '#' starts a comment.
    static Vocabulary parse(std::string_view tsv);

    /// The canonical label for a value, matched through fold_key(); a value
    /// outside the vocabulary comes back cleaned (white space collapsed).
    /// Returns an empty string for an empty value.
    std::string canonical(std::string_view value) const;

    /// True when the value or one of its variants is in the vocabulary.
    bool contains(std::string_view value) const;

    /// The term suffix for a value: fold_key() of its canonical label.
    std::string term_value(std::string_view value) const;

    const std::vector<std::string>& labels() const { return m_labels; }

  private:
    std::vector<std::string> m_labels;
    std::unordered_map<std::string, std::string> m_by_key;
};

/// The region vocabulary (the eleven Metropolregionen).
const Vocabulary& regions();
/// The topic vocabulary.
const Vocabulary& topics();

}  // namespace news::schema
