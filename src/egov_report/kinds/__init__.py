"""Report kinds other than tiered_scores (see framework.KIND_NOTEBOOKS).

Each module ``egov_report.kinds.<kind>`` provides ``load_framework(path)`` (reading and
checking its framework file, raising FrameworkError with the file named) and whatever its
notebook ``notebooks/<name>.ipynb`` needs. A kind's notebook takes the parameters
``province``, ``year`` and ``output_dir`` and, when output_dir is set, writes
``figures.json`` (with record["meta"]["title"], ["province_name_full"], ["year"]) and
``validation.json`` (with "passed" and "errors": [{"message": ...}]) there.
"""
