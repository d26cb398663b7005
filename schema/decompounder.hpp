#pragma once
/// Splits German compounds into their parts for indexing, so that
/// "Fachkräfte" finds "Fachkräftesicherung" and "Förderung" finds
/// "Förderprogramme".
///
/// Method: dictionary-based. The word lists are Debian's hunspell-de-de
/// stems (/usr/share/hunspell/de_DE.dic: base forms with their case) and
/// wngerman (/usr/share/dict/ngerman: inflected forms). A curated list
/// beats frequencies learnt from the archive here: it is there before the
/// first document is indexed, it knows which words are nouns (capitalised),
/// and it does not learn the archive's typos. A word is split into
/// modifier + [linking element] + head only when
///   - the head is a noun of at least 4 letters (German compounds take the
///     class of their head: verbs such as "beinhalten" are never split),
///   - the modifier has at least 4 letters and is a word, or a word without
///     its final -e/-n/-en ("Metropol(e)", "Förder(n)"),
///   - the linking element is one of "", s, es, n, en, er, e.
/// So "Wandhalterung" is Wand + Halterung (never "Alterung"), "Heirat",
/// "Bücherei" and "Rathaus" stay whole (no "Rat", "Ei"), "Kaffeemaschine"
/// never yields "Fee". The head may itself be a compound.

#include "schema/umlaut_stem.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace news::schema {

/// Index metadata keys of the compound splitter's word lists in compact form
/// (Decompounder::word_block, noun_block), written at build time so a
/// searcher reads them instead of parsing the Debian lists; a searcher of an
/// index without them parses the lists as before.
inline constexpr std::string_view kMetaCompoundWords = "news:compound_words";
inline constexpr std::string_view kMetaCompoundNouns = "news:compound_nouns";

class Decompounder {
  public:
    /// From a list of words as they are written (case matters: capitalised = noun).
    explicit Decompounder(const std::vector<std::string>& words);

    /// Load hunspell .dic files and plain word lists; missing files are
    /// skipped. The same pass derives the umlaut folds (UmlautFolds) from the
    /// .dic entries, so the lists are read once per indexing run.
    static std::shared_ptr<const Decompounder> load(const std::vector<std::string>& paths);

    /// From the blocks `word_block()` and `noun_block()` wrote (the index
    /// stores them at build time): no parsing, lookups are binary searches
    /// in the blocks, and split() answers as the Decompounder that wrote them.
    static std::shared_ptr<const Decompounder> from_blocks(std::string words, std::string nouns);

    /// The same over blocks held elsewhere (a mapped file), kept alive by `owner`.
    static std::shared_ptr<const Decompounder> from_mapped(std::string_view words, std::string_view nouns,
                                                           std::shared_ptr<const void> owner);

    /// Every word (lower case) and the nouns (lower case), each sorted
    /// bytewise and '\n'-terminated: the compact form from_blocks() reads.
    std::string word_block() const;
    std::string noun_block() const;

    /// The Debian word lists used by default.
    static std::vector<std::string> default_paths();

    /// Number of known words (0: decompounding is off).
    size_t size() const { return m_sorted ? m_word_count : m_words.size(); }

    /// Whether the lists know the word (lower case) as a noun.
    bool is_noun(const std::string& lower) const;

    /// The parts of a compound, lower case, modifiers first; empty when the
    /// word is not a compound (or too short: under 8 letters).
    std::vector<std::string> split(std::string_view word) const;

    /// The plural and comparative umlauts the lists know (never null).
    const std::shared_ptr<const UmlautFolds>& umlaut_folds() const { return m_folds; }

  private:
    void add(std::string_view word);
    bool is_modifier(const std::string& lower) const;
    bool has_word(const std::string& lower) const;
    std::vector<std::string> split_lower(const std::string& lower, int depth) const;

    std::unordered_set<std::string> m_words;  ///< every word, lower case
    std::unordered_set<std::string> m_nouns;  ///< capitalised words, lower case
    std::shared_ptr<const UmlautFolds> m_folds = std::make_shared<UmlautFolds>();
    bool m_sorted = false;        ///< lookups go to the blocks below, not the sets
    std::string m_word_block;     ///< from_blocks(): sorted, '\n'-terminated
    std::string m_noun_block;
    std::string_view m_word_view, m_noun_view;  ///< the blocks (in the strings above or in a mapping)
    std::shared_ptr<const void> m_block_owner;  ///< from_mapped(): what holds the blocks
    size_t m_word_count = 0;
};

}  // namespace news::schema
