using ImageClone.Controllers;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

public class LabelSelectorTextTests
{
    [Test]
    public void Format_LabelsAndExpressions_QueryParameterText()
    {
        var selector = new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" },
            MatchExpressions =
            [
                new V1LabelSelectorRequirement { Key = "env", OperatorProperty = "In", Values = ["prod", "stage"] },
                new V1LabelSelectorRequirement { Key = "canary", OperatorProperty = "NotIn", Values = ["true"] },
                new V1LabelSelectorRequirement { Key = "team", OperatorProperty = "Exists" },
                new V1LabelSelectorRequirement { Key = "legacy", OperatorProperty = "DoesNotExist" },
            ],
        };

        LabelSelectorText.Format(selector).Should().Be("app=web,tier=front,env in (prod,stage),canary notin (true),team,!legacy");
    }

    [Test]
    public void Format_Empty_EmptyText() =>
        LabelSelectorText.Format(new V1LabelSelector()).Should().BeEmpty();
}
