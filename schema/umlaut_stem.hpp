#pragma once
/// German stemming that keeps umlauts: "Förderung" (funding) and "Forderung"
/// (demand), "schön" and "schon", "Bär" and "Bar", "zählen" and "zahlen",
/// "drücken" and "drucken" are different words.
///
/// Snowball's german2 normalises the transcriptions (ae → ä, oe → ö, ue → ü,
/// ß → ss) before stemming and folds ä/ö/ü onto a/o/u after it, so each of
/// those pairs shares one stem. UmlautStem runs german2 and then puts the
/// umlauts of the (normalised) word back into its stem: "Förderung" →
/// "förder", "Forderung" → "forder", "Foerderung" → "förder", "Strasse" and
/// "Straße" → "strass".
///
/// The umlaut of a plural or a comparative belongs to the same word ("Land",
/// "Länder"; "Stadt", "Städte"; "alt", "älter"): UmlautFolds lists the stems
/// whose umlaut is folded as german2 folds it. The list is derived once from
/// the hunspell dictionary (de_DE.dic) when an index is built, stored in the
/// index, and read back by the searcher, so that both stem alike without the
/// searcher loading any word list.

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace news::schema {

/// The word as german2 sees it before stemming, umlauts kept: lower case,
/// ß → ss, ae → ä, oe → ö, ue → ü (not after q, nor after a vowel, where
/// german2 takes u for a consonant: "Bauer", "Feuer").
std::string normalise_umlauts(std::string_view word);

/// Stems (with umlauts) whose umlaut is inflection: "länd" → "land".
class UmlautFolds {
  public:
    UmlautFolds() = default;

    /// From hunspell entries (word, flags) and the dictionary's words (lower
    /// case: all of them, and the capitalised ones = nouns). An entry is a
    /// plural or comparative form when
    ///   - a noun without the singular's flags S, P, E, T (hunspell-de-de
    ///     lists "Länder/Nmij" beside "Land/JTSmij") whose form without
    ///     umlauts is a noun plus e, er, en or n ("Städte" = Stadt + e), or
    ///     plus nothing when it has the dative plural's flag N ("Mütter/NMm";
    ///     "Förder/hij" is a compound part); a capitalised word of wngerman
    ///     that hunspell does not list counts as a noun without flags
    ///     ("Abfälle" = Abfall + e);
    ///   - or an adjective listed with flag A alone whose form without
    ///     umlauts is an adjective plus "er" ("älter" = alt + er).
    /// "Bär/FPMm", "Zähler/NSFmij", "Mörder/FNSm" are singulars and keep
    /// their umlaut; verbs ("zählen", "drücken") always do, and so does a stem
    /// that any such entry also has ("drück": "Drücke", plural of "Druck",
    /// stays apart from "Druck" for the sake of "drücken"). A compound ending
    /// in a folded stem folds its head ("Fachkräfte" = "Fachkraft").
    static std::shared_ptr<const UmlautFolds> from_entries(const std::vector<std::pair<std::string, std::string>>& entries,
                                                           const std::unordered_set<std::string>& words,
                                                           const std::unordered_set<std::string>& nouns);

    /// The flags given to a word from a plain word list (wngerman): no flags.
    static constexpr std::string_view kListedOnly = "~";

    /// Whether a hunspell entry is a plural or comparative form (the rules above).
    static bool is_plural_form(const std::string& word, const std::string& flags,
                               const std::unordered_set<std::string>& words,
                               const std::unordered_set<std::string>& nouns);

    /// One "umlaut-stem<TAB>folded-stem" a line (stored in the index).
    std::string serialise() const;
    /// The inverse of serialise(); malformed lines are skipped.
    static std::shared_ptr<const UmlautFolds> parse(std::string_view text);

    /// The folded stem for an umlaut stem, or nullptr when it keeps its umlauts.
    const std::string* find(const std::string& umlaut_stem) const;
    size_t size() const { return m_folds.size(); }

  private:
    std::unordered_map<std::string, std::string> m_folds;
};

/// german2, then the word's umlauts put back into the stem unless `folds`
/// lists it. Not thread-safe (nor is Xapian::Stem): one per thread.
class UmlautStem : public Xapian::StemImplementation {
  public:
    explicit UmlautStem(std::shared_ptr<const UmlautFolds> folds = nullptr);
    std::string operator()(const std::string& word) override;
    std::string get_description() const override { return "german2-umlaut"; }

  private:
    Xapian::Stem m_german2;
    std::shared_ptr<const UmlautFolds> m_folds;
};

/// A Xapian::Stem running UmlautStem.
Xapian::Stem make_umlaut_stem(std::shared_ptr<const UmlautFolds> folds);

/// The stem with umlauts of `word` (lower case) given german2's stem of it:
/// `stem` with the umlauts of normalise_umlauts(word) at their places, or
/// `stem` itself when the two do not line up.
std::string restore_umlauts(std::string_view word, const std::string& stem);

}  // namespace news::schema
