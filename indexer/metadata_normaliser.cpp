#include "indexer/metadata_normaliser.hpp"

#include "schema/gazetteer.hpp"
#include "schema/text.hpp"
#include "schema/vocabulary.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace news::indexer {

namespace {

void add_unique(std::vector<std::string>& out, const std::string& label) {
    if (!label.empty() && std::find(out.begin(), out.end(), label) == out.end()) out.push_back(label);
}

void add_values(std::vector<std::string>& out, const std::vector<std::string>& raw, const schema::Vocabulary& vocab) {
    for (const std::string& value : raw) {
        std::string v = value;
        std::replace(v.begin(), v.end(), ';', ',');
        std::replace(v.begin(), v.end(), '|', ',');
        for (const std::string& part : schema::split(v, ',')) {
            std::string clean = schema::collapse_whitespace(part);
            if (clean.empty() || clean.size() > 80) continue;
            add_unique(out, vocab.canonical(clean));
        }
    }
}

}  // namespace

bool is_web_url(const std::string& url) {
    std::string scheme;
    for (char c : url.substr(0, url.find(':')))
        scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const size_t rest = url.find("://");
    if ((scheme != "http" && scheme != "https") || rest != scheme.size() || url.size() <= rest + 3) return false;
    // No spaces or control characters: an address, not a script or a sentence.
    return std::none_of(url.begin(), url.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

void normalise_metadata(Article& a, const std::vector<std::string>& raw_regions,
                        const std::vector<std::string>& raw_topics, const std::vector<std::string>& breadcrumbs) {
    const schema::Vocabulary& regions = schema::regions();
    const schema::Vocabulary& topics = schema::topics();
    add_values(a.regions, raw_regions, regions);
    add_values(a.topics, raw_topics, topics);
    if (a.regions.empty())
        for (const std::string& crumb : breadcrumbs)
            if (regions.contains(crumb)) add_unique(a.regions, regions.canonical(crumb));
    if (a.topics.empty())
        for (const std::string& crumb : breadcrumbs)
            if (topics.contains(crumb)) add_unique(a.topics, topics.canonical(crumb));
    if (a.regions.empty()) {
        // DIR/<region>/...: the first directory of the path that names a region.
        auto dirs = schema::split(a.path, '/');
        if (!dirs.empty()) dirs.pop_back();
        for (const std::string& d : dirs)
            if (regions.contains(d)) {
                add_unique(a.regions, regions.canonical(d));
                break;
            }
    }
    // Regions of the places the article names: a facet of their own, and the
    // article's regions when the publisher gave none.
    a.place_regions = schema::gazetteer().regions_in(a.title + "\n" + a.lead + "\n" + a.body);
    if (a.regions.empty()) a.regions = a.place_regions;
    a.title = schema::collapse_whitespace(a.title);
    a.lead = schema::collapse_whitespace(a.lead);
    a.author = schema::collapse_whitespace(a.author);
    a.url = schema::trim(a.url);
    if (!a.url.empty() && !is_web_url(a.url)) {
        // javascript:, data:, a relative path: nothing a reader's browser should be sent to.
        spdlog::warn("{}: url dropped, only http(s) addresses are stored: '{}'", a.path, a.url.substr(0, 80));
        a.url.clear();
    }
    if (a.id.empty()) a.id = a.url.empty() ? a.path : a.url;
}

}  // namespace news::indexer
