"""The course: lessons as data files under lessons/content/, validated at load, with goal checks."""
