"""Static dataset and site generator for reproducibility reports of ML papers.

The pipeline, one module per stage: ``loading`` (YAML -> data with locations), ``validation``
(schema and cross-record checks -> problems), ``model`` (variables and scores), ``package``
(Frictionless data package), ``pages`` (Markdown for MkDocs), ``output`` (atomic writes), tied
together by ``build`` and driven by ``cli``. ``reports`` and ``pipeline`` read the Index's report
pages and the LLM pipeline's JSON; ``importing`` writes records from them.
"""

__version__ = "0.1.0"
