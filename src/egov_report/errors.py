"""Errors a user can act on: each carries a message fit to print without a traceback."""


class ReportError(Exception):
    """Base class: the message is meant for the analyst, in Vietnamese where it concerns data."""

    def _render_traceback_(self):
        # IPython (JupyterLab, papermill) shows this instead of a Python traceback.
        return [f"{type(self).__name__}: {self}"]


class FrameworkError(ReportError):
    """The framework file is malformed or inconsistent."""


class InputError(ReportError):
    """An input file cannot be read or does not have the expected shape."""


class ParameterError(ReportError):
    """PROVINCE or YEAR does not name a province-year under data/."""


class ValidationFailed(ReportError):
    """One or more inputs broke a validation rule; ``problems`` lists them all."""

    def __init__(self, problems, detail: str = ""):
        self.problems = list(problems)
        lines = [f"Dữ liệu đầu vào không hợp lệ ({len(self.problems)} lỗi):"]
        lines += [f"  - {p}" for p in self.problems]
        if detail:
            lines.append(detail)
        super().__init__("\n".join(lines))
