"""Headline-rail detection, in parts: candidate links, repeated groups, item labels, and the quality score."""
