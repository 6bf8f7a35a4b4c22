"""The lesson library: lesson texts (sv + en), starter programs, solutions and success criteria, and their loader.

Judging a program against a lesson lives in the classroom core
(``brickclass.classroom.judging``).
"""

from brickclass.lessons.library import Criterion, Lesson, LessonFileError, find_lesson, load_library

__all__ = ["Criterion", "Lesson", "LessonFileError", "find_lesson", "load_library"]
