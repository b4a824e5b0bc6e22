"""Exam-style questions: the bank (data files under quizzes/bank/), grading, exam sessions, review."""
