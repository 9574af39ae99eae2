"""Scripted answers shared by the workspace tests."""

STRONG = ("At my previous company our release process took two days. My task was to shorten it. I automated the "
          "tests with GitHub Actions and split the deploy into stages. As a result, releases went from 2 days to "
          "3 hours.")
WEAK = "We worked on it together and things got better."
