"""undecided-process-part: A part of the process encodes a draft answer to an open question

## What it finds
An element marked `<metis:open-question question="..." draft="..."/>`: the process encodes
the current draft answer to a question the project has not settled (a merge policy, a
review period, the kinds of work), usually with the draft as a field default or a branch.
Each is listed, at info level, with the question and the draft.

## Why it matters
A draft hard-coded into a process reads as a decision. The founding document's own course
correction ("we're brainstorming, not speccing") is about exactly this: a review should see
which parts of a process are still undecided, and a decision should replace the marker.

## Example
```xml
<bpmn:exclusiveGateway id="Gateway_merge_policy" name="Merge policy met?">
  <bpmn:extensionElements>
    <metis:open-question question="PR merge policy"
                         draft="every quality gate green and min_approvals approvals"/>
  </bpmn:extensionElements>
</bpmn:exclusiveGateway>
```

## Fix
Decide the question (record the decision in the vault), encode the answer, and remove the
marker.
"""

from ...model.fields import open_questions
from ...finding import Severity
from ..rule import rule


@rule("undecided-process-part", "A part of the process encodes a draft answer to an open question",
      module_doc=__doc__, default=Severity.INFO, category="gates")
def check(ctx):
    for process in ctx.document.processes:
        for element in [process, *(n for s in process.scope.walk() for n in s.nodes)]:
            for question in open_questions(element):
                draft = f" (draft: {question.draft})" if question.draft else ""
                yield ctx.finding(element, f"Open question: {question.question or '?'}{draft}",
                                  line=question.line or None,
                                  hint="decide it, encode the answer, remove the marker")
