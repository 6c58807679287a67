"""The crawler's building blocks below `pipeline.fetch` and `pipeline.crawl`: address guard, host limits, bodies."""
