"""Study mode's quiz: one session's state and turns (:mod:`assistant.quiz.session`), the
explanation after a miss (:mod:`assistant.quiz.explain`) and the terminal loop of
``study quiz`` (:mod:`assistant.quiz.terminal`, registered by :mod:`assistant.quiz.cli`).

The UI's Study tab drives the same session functions, so the CLI and the UI quiz alike.
"""
