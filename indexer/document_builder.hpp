#pragma once
/// Turns an Article into a Xapian document by looping over the schema's
/// fields: free text through the German analysis, boolean filter terms,
/// value slots for sorting and facets, and the stored document data.

#include "indexer/article.hpp"
#include "indexer/file_reader.hpp"
#include "schema/analysis.hpp"

#include <xapian.h>

#include <memory>
#include <string>
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
    /// What one word adds besides its stem, worked out once per word.
    struct WordInfo {
        std::string spelling;            ///< lower-cased for "did you mean", or "" when not taken
        std::vector<std::string> extra;  ///< compound parts, feminine-plural base
    };
    static constexpr size_t kWordCacheSize = 300000;  ///< distinct words kept; starts afresh when full

    const WordInfo& word_info(const std::string& word);
    /// Calls fn(WordInfo) for each word of `text` (the spelling tokenisation).
    template <typename Fn>
    void for_each_word(const std::string& text, Fn&& fn);

    schema::GermanAnalyzer m_analyzer;
    Xapian::TermGenerator m_tg;
    std::unordered_map<std::string, WordInfo> m_words;
};

/// The text of a TEXT field of an article ("" for unknown names).
const std::string& field_text(const Article& a, std::string_view field);

/// The values of a multi-valued KEYWORD field of an article.
const std::vector<std::string>& field_values(const Article& a, std::string_view field);

}  // namespace news::indexer
