from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from education.models import GuidePage


class GuideIndexSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["education:index"]

    def location(self, item):
        return reverse(item)


class GuidePageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return (
            GuidePage.objects.public()
            .in_guide_order()
            .only("slug", "publish_at", "last_published_at")
        )

    def lastmod(self, page):
        # A page scheduled after it was published changed, for readers, when it appeared.
        return max(filter(None, (page.publish_at, page.last_published_at)))


SITEMAPS = {"guide": GuideIndexSitemap, "guide-pages": GuidePageSitemap}
