#pragma once
/// The invariants the fuzzers of fuzz/ assert on every input, beyond "no
/// crash": each check runs one parser or builder on arbitrary bytes and
/// returns what broke, or "" when everything held. The libFuzzer targets
/// (fuzz/*_fuzzer.cpp, NEWS_FUZZ=ON) abort on a non-empty answer; the
/// regression test (fuzz/regression_test.cpp, normal build) runs the same
/// checks on every saved finding in fuzz/regressions/<target>/.
///
/// @code
///   std::string broken = news::fuzz::check_html(bytes);
///   if (!broken.empty()) std::abort();
/// @endcode

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace news::searcher {
class Searcher;
}

namespace news::fuzz {

/// Silence the libraries' logs and refuse external XML entities; once per process.
void init_process();

/// HTML page → article (indexer::extract_html, with its report): a
/// successful page has body text; every field is valid UTF-8 without NUL
/// bytes; the date is empty or a real YYYY-MM-DD date; the inspect JSON
/// (to_json of the article and the report) dumps and parses.
std::string check_html(std::string_view bytes);

/// XML archive / RSS / Atom → articles (indexer::read_xml): as for HTML.
std::string check_xml(std::string_view bytes);

/// Date parsing (indexer/dates.hpp): each parser returns "" or a real date
/// YYYY-MM-DD within 1800..2200, which format_date gives back unchanged;
/// parse_any_date is the first non-empty of the three.
std::string check_dates(std::string_view bytes);

/// Query string and URL decoding, request parameters (web/url.hpp,
/// web/params.hpp): building a query string and parsing it gives the same
/// pairs; percent_decode inverts percent_encode; parse_search_params throws
/// nothing but ParamError, and its canonical form (to_params) parses to
/// the same SearchParams.
std::string check_params(std::string_view bytes);

/// Stored document data (searcher/stored_article.hpp,
/// indexer/stored_article.hpp): the searcher's SAX reader and the
/// indexer's DOM reader agree on every input; data written as the indexer
/// writes it reads back field for field.
std::string check_stored(std::string_view bytes);

/// Builds a small index of `corpus` in `dir` (removed with the object) and
/// runs requests on it.
class QueryChecker {
  public:
    QueryChecker(const std::filesystem::path& corpus, const std::filesystem::path& dir);
    ~QueryChecker();

    /// `bytes`: the query string on the first line, then filters, one
    /// `name=value` a line (region, topic, from, to, sort, like, offset,
    /// limit, facets, snippets, collapse, recency, explain). The search
    /// throws nothing but searcher::QueryError; its JSON (searcher::to_json,
    /// dump_json) parses and has as many hits as the result; hits hold
    /// valid UTF-8.
    std::string check(std::string_view bytes);

  private:
    std::filesystem::path m_dir;
    std::unique_ptr<searcher::Searcher> m_searcher;
};

/// For the fuzz targets: print what broke and abort (libFuzzer saves the input).
void require(const std::string& broken, std::string_view input);

}  // namespace news::fuzz
