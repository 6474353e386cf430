"""Fakes, factories and file builders shared by the tests."""
