#include "indexer/html_extractor.hpp"

#include "indexer/dates.hpp"
#include "indexer/html_blocks.hpp"
#include "indexer/html_clean.hpp"
#include "indexer/html_container.hpp"
#include "indexer/html_dom.hpp"
#include "indexer/html_encoding.hpp"
#include "indexer/html_lead.hpp"
#include "indexer/html_metadata.hpp"
#include "indexer/markup_repair.hpp"
#include "indexer/metadata_normaliser.hpp"
#include "indexer/stage_times.hpp"
#include "indexer/unicode_nfc.hpp"
#include "schema/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <optional>

namespace news::indexer {

namespace {

/// A page whose cleaned text is at least this share links, and whose article
/// text is shorter than kMinBodyBesideLinks bytes, is an index page.
constexpr double kMostlyLinks = 0.6;
constexpr size_t kMinBodyBesideLinks = 300;

/// Strip a site name from a <title>: "Headline | Site" → "Headline".
std::string strip_site_name(const std::string& title) {
    for (std::string_view sep : {" | ", " – ", " — ", " - ", " :: ", " · "}) {
        size_t pos = title.find(sep);
        if (pos != std::string::npos && pos >= 10) return title.substr(0, pos);
    }
    return title;
}

std::string without_ellipsis(std::string s) {
    for (std::string_view tail : {"…", "...", " "})
        while (s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0)
            s.erase(s.size() - tail.size());
    return s;
}

std::string choose_title(const html::PageMetadata& m) {
    const std::string h1 = m.h1s.empty() ? std::string() : m.h1s.front();
    std::string title;
    for (const std::string* c : {&m.ld_headline, &m.og_title, &h1})
        if (!c->empty()) {
            title = *c;
            break;
        }
    if (title.empty()) title = strip_site_name(m.title_tag);
    // A headline shortened in metadata ("…") or decorated with the site name
    // yields to the visible or the longer full title.
    std::string stem = without_ellipsis(title);
    for (const std::string* c : {&m.og_title, &h1}) {
        if (c->size() > title.size() && c->rfind(stem, 0) == 0) title = *c;
    }
    if (!h1.empty() && title.size() > h1.size() && title.find(h1) != std::string::npos) title = h1;
    return schema::collapse_whitespace(title);
}

std::string first_nonempty(std::initializer_list<const std::string*> candidates) {
    for (const std::string* c : candidates)
        if (!c->empty()) return *c;
    return {};
}

/// Share of the cleaned page's visible text that sits inside links.
double page_link_density(xmlDoc* doc) {
    xmlNode* root = xmlDocGetRootElement(doc);
    if (!root) return 0;
    html::TextStats stats;
    return stats.link_density(root);
}

std::string describe_choice(const html::ContentChoice& c) {
    if (c.nodes.empty()) return {};
    std::string out = html::describe(c.nodes.front());
    if (c.nodes.size() > 1) out += " and " + std::to_string(c.nodes.size() - 1) + " sibling block(s)";
    return out;
}

/// True when a metadata text holds HTML elements ("<p>", "</div>").
bool looks_like_markup(const std::string& s) {
    for (size_t i = s.find('<'); i != std::string::npos && i + 1 < s.size(); i = s.find('<', i + 1)) {
        char c = s[i + 1];
        if (c == '/' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            if (s.find('>', i) != std::string::npos) return true;
    }
    return false;
}

/// Why a page yields no article: no text at all, or so little beside a page
/// of links that it is an index or a navigation page, not an article.
std::string failure_reason(const std::string& body, double link_density) {
    char share[16];
    std::snprintf(share, sizeof share, "%.0f%%", link_density * 100.0);
    if (body.empty())
        return link_density >= 0.5 ? std::string("text mostly links (") + share + " of the page's text is in links)"
                                   : "no article text found";
    if (link_density >= kMostlyLinks && body.size() < kMinBodyBesideLinks)
        return std::string("text mostly links (") + share + " of the page's text is in links, " +
               std::to_string(body.size()) + " bytes of other text)";
    return {};
}

}  // namespace

nlohmann::json inspect_with_extraction(const std::filesystem::path& file, const ReadResult& result) {
    nlohmann::json out;
    if (!result.ok()) {
        out = {{"error", result.error}};
    } else if (result.articles.size() == 1) {
        out = to_json(result.articles.front());
    } else {
        out = {{"articles", nlohmann::json::array()}};
        for (const Article& a : result.articles) out["articles"].push_back(to_json(a));
    }
    nlohmann::json details = explain_html_file(file);
    if (!details.is_null()) out["extraction"] = std::move(details);
    return out;
}

std::string html_fragment_to_text(std::string_view fragment, bool prune) {
    std::string page = "<html><body><div>";
    std::optional<std::string> repaired = repair_markup(fragment, Markup::HTML);
    page += repaired ? std::string_view(*repaired) : fragment;
    page += "</div></body></html>";
    html::DocPtr doc = html::parse_html(page, "UTF-8");
    if (!doc) return {};
    html::clean_page(doc.get());
    xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!root) return {};
    if (prune) {
        // The fragment's own <div> is the container: what is pruned lies below it.
        xmlNode* wrapper = root;
        while (wrapper && html::name(wrapper) != "div") wrapper = wrapper->children;
        if (wrapper) html::prune_container(wrapper);
    }
    return html::block_text(root);
}

ReadResult extract_html(std::string_view bytes, const std::string& relpath, html::ExtractionReport* report) {
    ReadResult result;
    html::ExtractionReport own_report;
    html::ExtractionReport& r = report ? *report : own_report;
    StageLap lap;
    ParserInput input = prepare_for_parser(bytes, detect_html_encoding(bytes));
    lap.to(Stage::DECODE);
    html::DocPtr doc = html::parse_html(input.bytes.empty() ? bytes : std::string_view(input.bytes), input.encoding);
    if (!doc || !xmlDocGetRootElement(doc.get())) {
        result.error = r.failure = "not parseable as HTML";
        return result;
    }
    lap.to(Stage::HTML_PARSE);
    html::PageMetadata meta = html::read_metadata(doc.get());
    lap.to(Stage::METADATA);
    html::clean_page(doc.get(), report);
    r.page_link_density = page_link_density(doc.get());
    lap.to(Stage::CLEAN);
    html::ContentChoice content = html::choose_container(doc.get());
    if (!content.nodes.empty()) {
        std::vector<xmlNode*> leads = html::find_leads(content.nodes.front());
        if (!leads.empty()) {
            content.nodes.insert(content.nodes.begin(), leads.begin(), leads.end());
            content.reason += ", with the lead before it";
        }
    }
    r.container = describe_choice(content);
    r.reason = content.reason;
    r.method = "container";

    Article a;
    a.path = relpath;
    a.title = choose_title(meta);
    // Date lines go with the pruning; read them first, should metadata have no date.
    std::vector<std::string> date_context;
    if (!content.nodes.empty()) {
        date_context.push_back(html::text_head(content.nodes.front(), 1500));
        if (xmlNode* parent = content.nodes.front()->parent) date_context.push_back(html::text_head(parent, 1500));
    }
    lap.to(Stage::CONTAINER);
    for (xmlNode* n : content.nodes) html::prune_container(n, report);
    for (xmlNode* n : content.nodes)
        if (html::remove_title_heading(n, a.title)) break;
    a.body = html::article_text(content.nodes);
    // The visible title is not part of the body.
    if (!a.title.empty() && a.body.rfind(a.title, 0) == 0) {
        a.body.erase(0, a.title.size());
        a.body = schema::trim(a.body);
    }
    // Some sites put the article's HTML into articleBody: read it as a page's text is read.
    std::string ld_body = looks_like_markup(meta.ld_body) ? html_fragment_to_text(meta.ld_body, true)
                                                          : schema::collapse_whitespace(meta.ld_body);
    if (ld_body.size() > 2 * a.body.size() + 200) {
        a.body = ld_body;
        r.method = "json-ld articleBody (the page shows much less)";
    }
    lap.to(Stage::TEXT);

    a.url = schema::trim(first_nonempty({&meta.canonical, &meta.og_url, &meta.ld_url}));
    a.lead = first_nonempty({&meta.ld_description, &meta.og_description, &meta.meta_description});
    a.author = first_nonempty({&meta.ld_author, &meta.meta_author, &meta.microdata_author});
    if (a.author.rfind("http", 0) == 0) a.author.clear();  // article:author is sometimes a profile URL

    for (const std::string* raw : {&meta.ld_date, &meta.meta_date, &meta.microdata_date, &meta.time_date}) {
        if (raw->empty()) continue;
        a.date = parse_any_date(*raw);
        if (!a.date.empty()) break;
    }
    for (const std::string& context : date_context)
        if (a.date.empty()) a.date = find_german_date(context);

    normalise_metadata(a, meta.regions, meta.topics, meta.breadcrumbs);

    for (std::string* field : {&a.title, &a.lead, &a.body, &a.author}) *field = to_nfc(*field);
    lap.to(Stage::FIELDS);
    doc.reset();  // libxml2 freeing its tree: part of its cost
    lap.to(Stage::HTML_PARSE);

    if (std::string why = failure_reason(a.body, r.page_link_density); !why.empty()) {
        result.error = r.failure = why;
        return result;
    }
    result.articles.push_back(std::move(a));
    return result;
}

nlohmann::json explain_html_file(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext != ".html" && ext != ".htm") return nullptr;
    std::ifstream in(file, std::ios::binary);
    if (!in) return nullptr;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    html::ExtractionReport report;
    extract_html(bytes, file.generic_string(), &report);
    return html::to_json(report);
}

}  // namespace news::indexer
