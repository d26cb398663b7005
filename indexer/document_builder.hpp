#pragma once
/// Turns an Article into a Xapian document by looping over the schema's
/// fields: free text through the German analysis, boolean filter terms,
/// value slots for sorting and facets, and the stored document data.

#include "indexer/article.hpp"
#include "indexer/file_reader.hpp"
#include "schema/analysis.hpp"

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace news::indexer {

struct BuiltDocument {
    Xapian::Document doc;
    std::string id_term;                ///< unique term: replace_document key
    std::string id;                     ///< the article's id (its shard: schema::shard_of)
    std::vector<std::string> spelling;  ///< distinct words for "did you mean"
};

/// Not thread-safe (it owns a stemmer): one per indexing thread.
class DocumentBuilder {
  public:
    /// `compounds` is shared read-only by all builders (may be null).
    explicit DocumentBuilder(schema::AnalysisProfile profile = schema::AnalysisProfile::FULL,
                             std::shared_ptr<const schema::Decompounder> compounds = nullptr,
                             std::shared_ptr<const schema::UmlautFolds> folds = nullptr);

    /// `source_key` identifies the file (shared by every article it holds).
    BuiltDocument build(const Article& a, const std::string& source_key);

  private:
    /// A spelling word, shared by the forms that lower-case to it ("Haus",
    /// "haus"); `doc` is the last document that listed it.
    struct SpellingWord {
        std::string word;
        std::uint64_t doc = 0;
    };
    /// What one word adds besides its stem, worked out once per word.
    struct WordInfo {
        SpellingWord* spelling = nullptr;  ///< lower-cased for "did you mean", or null when not taken
        std::vector<std::string> extra;    ///< compound parts, feminine-plural base
    };
    static constexpr size_t kWordCacheSize = 300000;  ///< distinct words kept; starts afresh when full

    /// The word's info; valid until the next build() (the cache is only
    /// cleared there).
    const WordInfo& word_info(std::string_view word);
    /// Calls fn(WordInfo) for each word of `text` (the spelling tokenisation).
    template <typename Fn>
    void for_each_word(const std::string& text, Fn&& fn);

    schema::GermanAnalyzer m_analyzer;
    Xapian::TermGenerator m_tg;
    /// Hashes std::string and std::string_view alike (look-ups without a copy).
    struct WordHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, WordInfo, WordHash, std::equal_to<>> m_words;
    std::unordered_map<std::string, SpellingWord> m_spelling_words;  ///< the entries m_words point to
    std::uint64_t m_doc_serial = 0;                                  ///< documents built
};

/// The text of a TEXT field of an article ("" for unknown names).
const std::string& field_text(const Article& a, std::string_view field);

/// The values of a multi-valued KEYWORD field of an article.
const std::vector<std::string>& field_values(const Article& a, std::string_view field);

}  // namespace news::indexer
