#pragma once
/// Places and the Metropolregion they belong to (schema/data/gazetteer.tsv):
/// an article without region metadata gets its regions from the places it
/// names ("Leipzig", "Halle (Saale)", "Jena" → Mitteldeutschland).

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace news::schema {

class Gazetteer {
  public:
    /// Lines "place<TAB>region"; '#' starts a comment. Places match word by
    /// word, case-sensitively ("Halle (Saale)" needs both words).
    static Gazetteer parse(std::string_view tsv);

    /// Regions of the places named in `text`, most often named first.
    std::vector<std::string> regions_in(std::string_view text) const;

    size_t size() const { return m_count; }

  private:
    struct Place {
        std::vector<std::string> words;
        std::string region;
    };
    std::unordered_map<std::string, std::vector<Place>> m_by_first_word;
    size_t m_count = 0;
};

/// The project's gazetteer (embedded schema/data/gazetteer.tsv).
const Gazetteer& gazetteer();

}  // namespace news::schema
