using k8s;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// A PersistentVolumeClaim made bound by hand, and its PersistentVolume: the test control plane runs no volume binder
/// or provisioner, so a StatefulSet's claim would stay Pending and its pod unschedulable. Created before the
/// StatefulSet, in an existing namespace, under the name its controller gives the claim (<c>TEMPLATE-SET-ORDINAL</c>),
/// which it then uses as it is.
/// Disposing deletes the (cluster-scoped) volume; the claim goes with the test's namespace.
/// </summary>
internal sealed class BoundVolumes : IAsyncDisposable
{
    private const string Size = "1Gi";
    private readonly IKubernetes _admin;
    private readonly string _volumeName;

    private BoundVolumes(IKubernetes admin, string volumeName, string claimUid)
    {
        _admin = admin;
        _volumeName = volumeName;
        ClaimUid = claimUid;
    }

    public string ClaimUid { get; }

    public static V1PersistentVolumeClaim ClaimTemplate(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = Claim(volumeName: null),
    };

    public static async Task<BoundVolumes> CreateAsync(IKubernetes admin, string ns, string claimName)
    {
        var volumeName = $"{ns}-{claimName}";
        await admin.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = volumeName },
            Spec = new V1PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(Size) },
                AccessModes = ["ReadWriteOnce"],
                HostPath = new V1HostPathVolumeSource { Path = $"/tmp/{volumeName}" },
                ClaimRef = new V1ObjectReference { NamespaceProperty = ns, Name = claimName },
                StorageClassName = "",
            },
        });
        var claim = await admin.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta
            {
                Name = claimName,
                Annotations = new Dictionary<string, string> { ["pv.kubernetes.io/bind-completed"] = "yes", ["pv.kubernetes.io/bound-by-controller"] = "yes" },
            },
            Spec = Claim(volumeName),
        }, ns);
        claim.Status = new V1PersistentVolumeClaimStatus
        {
            Phase = "Bound",
            AccessModes = ["ReadWriteOnce"],
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(Size) },
        };
        await admin.CoreV1.ReplaceNamespacedPersistentVolumeClaimStatusAsync(claim, claimName, ns);
        return new BoundVolumes(admin, volumeName, claim.Metadata.Uid);
    }

    public async ValueTask DisposeAsync() => await _admin.CoreV1.DeletePersistentVolumeAsync(_volumeName);

    private static V1PersistentVolumeClaimSpec Claim(string? volumeName) => new()
    {
        AccessModes = ["ReadWriteOnce"],
        Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(Size) } },
        StorageClassName = "",
        VolumeName = volumeName,
    };
}
