#include "indexer/html_metadata.hpp"

#include "indexer/html_dom.hpp"
#include "schema/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace news::indexer::html {

namespace {

using nlohmann::json;

std::string lower_ascii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void set_if_empty(std::string& slot, const std::string& value) {
    if (slot.empty()) slot = schema::collapse_whitespace(value);
}

std::string json_text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object()) {
        for (const char* key : {"name", "@value", "text", "@id", "url"})
            if (v.contains(key) && v[key].is_string()) return v[key].get<std::string>();
    }
    if (v.is_array()) {
        std::string out;
        for (const json& item : v) {
            std::string t = json_text(item);
            if (t.empty()) continue;
            if (!out.empty()) out += ", ";
            out += t;
        }
        return out;
    }
    return {};
}

bool is_article_type(const json& type) {
    auto check = [](const std::string& t) {
        return t == "NewsArticle" || t == "Article" || t == "BlogPosting" || t == "ReportageNewsArticle" ||
               t == "AnalysisNewsArticle" || t == "OpinionNewsArticle" || t == "Report" || t == "PressRelease" ||
               t == "ScholarlyArticle" || t == "TechArticle" || t == "LiveBlogPosting" || t == "BackgroundNewsArticle";
    };
    if (type.is_string()) return check(type.get<std::string>());
    if (type.is_array())
        for (const json& t : type)
            if (t.is_string() && check(t.get<std::string>())) return true;
    return false;
}

void read_ld_article(const json& a, PageMetadata& m) {
    if (a.contains("headline")) set_if_empty(m.ld_headline, json_text(a["headline"]));
    if (a.contains("name") && m.ld_headline.empty()) set_if_empty(m.ld_headline, json_text(a["name"]));
    if (a.contains("datePublished")) set_if_empty(m.ld_date, json_text(a["datePublished"]));
    if (a.contains("dateCreated")) set_if_empty(m.ld_date, json_text(a["dateCreated"]));
    if (a.contains("author")) set_if_empty(m.ld_author, json_text(a["author"]));
    if (a.contains("description")) set_if_empty(m.ld_description, json_text(a["description"]));
    if (a.contains("articleBody")) set_if_empty(m.ld_body, json_text(a["articleBody"]));
    if (a.contains("url")) set_if_empty(m.ld_url, json_text(a["url"]));
    if (a.contains("articleSection")) {
        const json& s = a["articleSection"];
        if (s.is_array()) {
            for (const json& x : s)
                if (x.is_string()) m.topics.push_back(x.get<std::string>());
        } else if (s.is_string()) {
            m.topics.push_back(s.get<std::string>());
        }
    }
}

void walk_ld(const json& v, PageMetadata& m, int depth) {
    if (depth > 8) return;
    if (v.is_array()) {
        for (const json& item : v) walk_ld(item, m, depth + 1);
    } else if (v.is_object()) {
        if (v.contains("@type") && is_article_type(v["@type"])) read_ld_article(v, m);
        if (v.contains("@graph")) walk_ld(v["@graph"], m, depth + 1);
        if (v.contains("mainEntity")) walk_ld(v["mainEntity"], m, depth + 1);
    }
}

bool is_breadcrumb(const xmlNode* n) {
    // Each attribute on its own (the words hold no space, so none spans two).
    for (const char* name : {"class", "id", "aria-label"}) {
        if (!xmlHasProp(n, reinterpret_cast<const xmlChar*>(name))) continue;
        std::string hint = lower_ascii(attr(n, name));
        if (hint.find("breadcrumb") != std::string::npos || hint.find("brotkrume") != std::string::npos) return true;
    }
    return attr(n, "itemtype").find("BreadcrumbList") != std::string::npos;
}

void visit(xmlNode* n, PageMetadata& m, bool in_breadcrumb) {
    for (xmlNode* c = n->children; c; c = c->next) {
        if (!is_element(c)) continue;
        std::string_view nm = name(c);
        if (nm == "meta") {
            std::string key = lower_ascii(attr(c, "property"));
            if (key.empty()) key = lower_ascii(attr(c, "name"));
            std::string content = attr(c, "content");
            std::string itemprop = attr(c, "itemprop");
            if (!itemprop.empty() && !content.empty()) {
                if (itemprop == "datePublished") set_if_empty(m.microdata_date, content);
                if (itemprop == "author") set_if_empty(m.microdata_author, content);
                if (itemprop == "headline") set_if_empty(m.ld_headline, content);
            }
            if (key.empty() || content.empty()) continue;
            if (key == "og:title") set_if_empty(m.og_title, content);
            else if (key == "og:description") set_if_empty(m.og_description, content);
            else if (key == "description" || key == "dc.description") set_if_empty(m.meta_description, content);
            else if (key == "og:url") set_if_empty(m.og_url, content);
            else if (key == "article:published_time" || key == "og:article:published_time")
                set_if_empty(m.meta_date, content);
            else if (key == "date" || key == "dc.date" || key == "dc.date.issued" || key == "dcterms.date" ||
                     key == "pubdate" || key == "publish-date" || key == "publishdate" || key == "datepublished" ||
                     key == "article.published" || key == "sailthru.date" || key == "parsely-pub-date")
                set_if_empty(m.meta_date, content);
            else if (key == "author" || key == "article:author" || key == "dc.creator" || key == "byl")
                set_if_empty(m.meta_author, content);
            else if (key == "region" || key == "news:region" || key == "geo.region.name")
                m.regions.push_back(content);
            else if (key == "topic" || key == "article:section" || key == "news:topic" || key == "thema")
                m.topics.push_back(content);
        } else if (nm == "link") {
            if (lower_ascii(attr(c, "rel")) == "canonical") set_if_empty(m.canonical, attr(c, "href"));
        } else if (nm == "title" && m.title_tag.empty()) {
            m.title_tag = text(c);
        } else if (nm == "script") {
            if (lower_ascii(attr(c, "type")) == "application/ld+json") {
                json v = json::parse(raw_text(c), nullptr, false);
                if (!v.is_discarded()) walk_ld(v, m, 0);
            }
            continue;
        } else if (nm == "h1") {
            std::string t = text(c);
            if (!t.empty()) m.h1s.push_back(t);
        } else if (nm == "time") {
            std::string dt = attr(c, "datetime");
            if (attr(c, "itemprop") == "datePublished") set_if_empty(m.microdata_date, dt.empty() ? text(c) : dt);
            set_if_empty(m.time_date, dt.empty() ? text(c) : dt);
        } else if (!in_breadcrumb && attr(c, "itemprop") == "author") {
            set_if_empty(m.microdata_author, text(c));
        } else if (attr(c, "itemprop") == "datePublished") {
            std::string v = attr(c, "content");
            set_if_empty(m.microdata_date, v.empty() ? text(c) : v);
        }
        bool crumb = in_breadcrumb || is_breadcrumb(c);
        if (crumb && nm == "a") {
            std::string t = text(c);
            if (!t.empty()) m.breadcrumbs.push_back(t);
            continue;
        }
        visit(c, m, crumb);
    }
}

}  // namespace

PageMetadata read_metadata(xmlDoc* doc) {
    PageMetadata m;
    if (xmlNode* root = doc ? xmlDocGetRootElement(doc) : nullptr) visit(root, m, false);
    return m;
}

}  // namespace news::indexer::html
