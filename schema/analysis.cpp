#include "schema/analysis.hpp"

#include "schema/text.hpp"

namespace news::schema {

namespace data {
std::string_view stopwords_de();
}  // namespace data

GermanAnalyzer::GermanAnalyzer() : m_stem("german2") {
    for (const std::string& raw : split(data::stopwords_de(), '\n')) {
        std::string word = trim(raw);
        if (!word.empty() && word[0] != '#') m_stopwords.insert(word);
    }
}

void GermanAnalyzer::configure(Xapian::TermGenerator& tg) const {
    tg.set_stemmer(m_stem);
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
}

void GermanAnalyzer::configure(Xapian::QueryParser& qp) const {
    qp.set_stemmer(m_stem);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    // Reference counted by Xapian: the parser owns and frees it.
    qp.set_stopper((new Xapian::SimpleStopper(m_stopwords.begin(), m_stopwords.end()))->release());
}

std::string GermanAnalyzer::term(std::string_view word) const { return m_stem(to_lower(word)); }

bool GermanAnalyzer::is_stopword(const std::string& lower_word) const { return m_stopwords.count(lower_word) != 0; }

}  // namespace news::schema
