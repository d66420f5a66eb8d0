using Governance.Data.Concurrency;
using Governance.Reminders.Domain;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Reminders.Grpc;

public sealed partial class RemindersGrpcService
{
    [RequiresAccess(RemindersAccess.Read)]
    public override Task<ReminderListSettings> GetReminderListSettings(GetReminderListSettingsRequest request, ServerCallContext context)
    {
        var bodyId = Input.Settings(request.Name, "name");

        return _calls.ReadAsync(context, request, async s => Mapping.ToProto(await s.GetListSettingsAsync(bodyId)));
    }

    [RequiresAccess(RemindersAccess.Manage)]
    public override Task<ReminderListSettings> UpdateReminderListSettings(UpdateReminderListSettingsRequest request, ServerCallContext context)
    {
        var settings = request.Settings ?? throw new ValidationException("settings", "is required");
        var bodyId = Input.Settings(settings.Name, "settings.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, Input.SettingsPaths);
        var v = new Validator();
        var changes = Input.SettingsChanges(v, settings, paths);
        v.ThrowIfInvalid();

        return _calls.WriteAsync(context, request, async s =>
        {
            var current = await KeepListAsync(s, bodyId);
            Etags.Check(request.Etag, current.Version, current.Name);
            var updated = ListSettings.Apply(current, changes, Now);
            await s.UpdateListSettingsAsync(updated);
            return Mapping.ToProto(updated);
        });
    }
}
