using ImageClone.Controllers;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

/// <summary>Which pods of a reverted StatefulSet are deleted so that it can roll back: only the ones stuck on a copy the template no longer names.</summary>
public class StatefulSetForcedRollbackTests
{
    private const string Original = "nginx:1.25";
    private const string Copy = "mirror.example/m/docker.io_library_nginx:1.25@sha256:00";
    private const string SetUid = "set-uid";

    [Test]
    public void StuckOnCopy_NotReadyPodOfTheRevertedRevisionOnACopy_IsDeleted() =>
        StatefulSetForcedRollback.StuckOnCopy(Pod(), Set(), IsCopy).Should().Be(Copy);

    [Test]
    public void StuckOnCopy_RunningAndReadyPod_IsLeft() =>
        StatefulSetForcedRollback.StuckOnCopy(Pod(ready: true), Set(), IsCopy).Should().BeNull("a ready pod does not block the rollback; the controller replaces it itself");

    [Test]
    public void StuckOnCopy_PodOfTheUpdateRevision_IsLeft() =>
        StatefulSetForcedRollback.StuckOnCopy(Pod(revision: "db-original"), Set(), IsCopy).Should().BeNull("it already runs the template");

    [Test]
    public void StuckOnCopy_PodBeingDeleted_IsLeft() =>
        StatefulSetForcedRollback.StuckOnCopy(Pod(deleting: true), Set(), IsCopy).Should().BeNull();

    [Test]
    public void StuckOnCopy_PodOfAnotherOwner_IsLeft() =>
        StatefulSetForcedRollback.StuckOnCopy(Pod(owner: "other-uid"), Set(), IsCopy).Should().BeNull();

    [Test]
    public void StuckOnCopy_NotReadyPodOnAnImageThatIsNotACopy_IsLeft() =>
        StatefulSetForcedRollback.StuckOnCopy(Pod(image: "someone/else:2"), Set(), IsCopy).Should().BeNull("a pod stuck on someone else's image is theirs to fix");

    [Test]
    public void StuckOnCopy_PodOnTheCopyTheTemplateStillNames_IsLeft() =>
        StatefulSetForcedRollback.StuckOnCopy(Pod(), Set(templateImage: Copy), IsCopy).Should().BeNull("the StatefulSet was not reverted off that copy");

    [Test]
    public void StuckOnCopy_RevertNotObservedYet_IsLeft() =>
        StatefulSetForcedRollback.StuckOnCopy(Pod(), Set(updateRevision: null), IsCopy).Should().BeNull();

    private static bool IsCopy(string? image) => image?.StartsWith("mirror.example/", StringComparison.Ordinal) == true;

    private static V1StatefulSet Set(string templateImage = Original, string? updateRevision = "db-original") => new()
    {
        Metadata = new V1ObjectMeta { Name = "db", Uid = SetUid },
        Spec = new V1StatefulSetSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "db", Image = templateImage }] } } },
        Status = new V1StatefulSetStatus { UpdateRevision = updateRevision, CurrentRevision = "db-original" },
    };

    private static V1Pod Pod(bool ready = false, string revision = "db-rewritten", bool deleting = false, string owner = SetUid, string image = Copy) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "db-2",
            Labels = new Dictionary<string, string> { ["controller-revision-hash"] = revision },
            OwnerReferences = [new V1OwnerReference { Uid = owner, Kind = "StatefulSet", Name = "db", ApiVersion = "apps/v1" }],
            DeletionTimestamp = deleting ? DateTime.UtcNow : null,
        },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "db", Image = image }] },
        Status = new V1PodStatus
        {
            Phase = ready ? "Running" : "Pending",
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };
}
