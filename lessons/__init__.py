"""The lesson library: lesson texts (sv + en), starter programs, solutions and success criteria."""

from brickclass.lessons.library import Lesson, LessonFileError, find_lesson, load_library

__all__ = ["Lesson", "LessonFileError", "find_lesson", "load_library"]
