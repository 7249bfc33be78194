"""Domain exceptions. The API maps each to an HTTP fault by its `code`."""


class NovaLiteException(Exception):
    msg_fmt = 'An unknown exception occurred.'
    code = 500
    headers = {}
    safe = False

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if 'code' not in kwargs:
            kwargs['code'] = self.code
        if not message:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError):
                message = self.msg_fmt
        self.message = message
        super().__init__(message)

    def format_message(self):
        return self.args[0] if self.args else self.message


class Invalid(NovaLiteException):
    msg_fmt = 'Bad Request - Invalid Parameters'
    code = 400


class ValidationError(Invalid):
    msg_fmt = '%(detail)s'


class InvalidInput(Invalid):
    msg_fmt = 'Invalid input received: %(reason)s'


class NotAuthorized(NovaLiteException):
    msg_fmt = 'Not authorized.'
    code = 403


class PolicyNotAuthorized(NotAuthorized):
    msg_fmt = "Policy doesn't allow %(action)s to be performed."


class NotFound(NovaLiteException):
    msg_fmt = 'Resource could not be found.'
    code = 404


class InstanceNotFound(NotFound):
    msg_fmt = 'Instance %(instance_id)s could not be found.'


class FlavorNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s could not be found.'


class FlavorNotFoundByName(FlavorNotFound):
    msg_fmt = 'Flavor with name %(flavor_name)s could not be found.'


class ImageNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class ServiceNotFound(NotFound):
    msg_fmt = 'Service %(service_id)s could not be found.'


class ComputeHostNotFound(NotFound):
    msg_fmt = 'Compute host %(host)s could not be found.'


class ComputeNodeNotFound(NotFound):
    msg_fmt = 'Compute node %(node)s could not be found.'


class HypervisorNotFound(NotFound):
    msg_fmt = 'Hypervisor %(hypervisor)s could not be found.'


class HostBinaryNotFound(NotFound):
    msg_fmt = 'Could not find binary %(binary)s on host %(host)s.'


class Conflict(NovaLiteException):
    msg_fmt = 'Conflict.'
    code = 409


class InstanceInvalidState(Conflict):
    msg_fmt = ('Cannot \'%(action)s\' instance %(instance_uuid)s while it is '
               'in %(attr)s %(state)s')


class InstanceIsLocked(Conflict):
    msg_fmt = 'Instance %(instance_uuid)s is locked'


class FlavorExists(Conflict):
    msg_fmt = 'Flavor with ID %(flavor_id)s already exists.'


class FlavorNameExists(Conflict):
    msg_fmt = 'Flavor with name %(name)s already exists.'


class ServiceBinaryExists(Conflict):
    msg_fmt = ('Service with host %(host)s binary %(binary)s exists.')


class UnexpectedTaskStateError(Conflict):
    msg_fmt = ('Conflict updating instance %(instance_uuid)s. '
               'Expected: %(expected)s. Actual: %(actual)s')


class UnexpectedDeletingTaskStateError(UnexpectedTaskStateError):
    pass


class NoValidHost(NovaLiteException):
    msg_fmt = 'No valid host was found. %(reason)s'


class MaxRetriesExceeded(NoValidHost):
    msg_fmt = 'Exceeded maximum number of retries. %(reason)s'


class ClaimFailed(NovaLiteException):
    msg_fmt = 'Resources on host %(host)s could not be claimed: %(reason)s'


class BuildAbortException(NovaLiteException):
    msg_fmt = 'Build of instance %(instance_uuid)s aborted: %(reason)s'


class RescheduledException(NovaLiteException):
    msg_fmt = ('Build of instance %(instance_uuid)s was re-scheduled: '
               '%(reason)s')


class InstanceNotRunning(Invalid):
    msg_fmt = 'Instance %(instance_id)s is not running.'


class InstanceTagNotFound(NotFound):
    msg_fmt = "Instance %(instance_id)s has no tag '%(tag)s'"


class TooManyInstanceTags(Invalid):
    msg_fmt = 'The number of tags exceeded the per-server limit %(limit)d'


class InstanceNotRescuable(Invalid):
    msg_fmt = 'Instance %(instance_id)s cannot be rescued: %(reason)s'


class VirtDriverNotFound(NovaLiteException):
    msg_fmt = 'Could not load virt driver %(name)s.'


class ConsoleNotAvailable(NotFound):
    msg_fmt = 'Guest does not have a console available.'


class OverQuota(NovaLiteException):
    msg_fmt = 'Quota exceeded for resources: %(overs)s'
    code = 403


class VersionNotAcceptable(NovaLiteException):
    msg_fmt = 'Version %(version)s is not supported by the API.'
    code = 406


class MarkerNotFound(NotFound):
    msg_fmt = 'Marker %(marker)s could not be found.'
    code = 400


# -- consoles -----------------------------------------------------------------

class InstanceNotReady(Conflict):
    msg_fmt = 'Instance %(instance_id)s is not ready'


class ConsoleTypeUnavailable(Invalid):
    msg_fmt = 'Unavailable console type %(console_type)s.'


class ConsoleTypeInvalid(Invalid):
    msg_fmt = 'Invalid console type %(console_type)s'


class InvalidToken(Invalid):
    msg_fmt = 'The token %(token)s is invalid or has expired'


# -- server groups, rebuild, external events ---------------------------------

class InstanceGroupNotFound(NotFound):
    msg_fmt = 'Instance group %(group_uuid)s could not be found.'


class RescheduledByPolicyException(NovaLiteException):
    msg_fmt = ('Build of instance %(instance_uuid)s was re-scheduled: '
               '%(reason)s')


# -- quotas, flavor access and extra specs ------------------------------------

class QuotaError(NovaLiteException):
    msg_fmt = 'Quota exceeded: code=%(code)s'
    code = 403
    safe = True


class TooManyInstances(QuotaError):
    msg_fmt = ('Quota exceeded for %(overs)s: Requested %(req)s, but already '
               'used %(used)s of %(allowed)s %(overs)s')


class MetadataLimitExceeded(QuotaError):
    msg_fmt = 'Maximum number of metadata items exceeds %(allowed)d'


class OverQuotaDeltas(QuotaError):
    """check_deltas found resources over their limits; `overs` lists them
    and the kwargs carry quotas/usages for callers that reword it."""
    msg_fmt = 'Quota exceeded for resources: %(overs)s'


class QuotaClassNotFound(NotFound):
    msg_fmt = 'Quota class %(class_name)s could not be found.'


class FlavorAccessExists(Conflict):
    msg_fmt = ('Flavor access already exists for flavor %(flavor_id)s and '
               'project %(project_id)s combination.')


class FlavorAccessNotFound(NotFound):
    msg_fmt = ('Flavor access not found for %(flavor_id)s / %(project_id)s '
               'combination.')


class FlavorExtraSpecsNotFound(NotFound):
    msg_fmt = ('Flavor %(flavor_id)s has no extra specs with key '
               '%(extra_specs_key)s.')


# -- keypairs and aggregates ------------------------------------------------

class KeypairNotFound(NotFound):
    msg_fmt = 'Keypair %(name)s not found for user %(user_id)s'


class KeyPairExists(Conflict):
    msg_fmt = "Key pair '%(key_name)s' already exists."


class InvalidKeypair(Invalid):
    msg_fmt = 'Keypair data is invalid: %(reason)s'


class KeypairLimitExceeded(NovaLiteException):
    msg_fmt = 'Quota exceeded, too many key pairs.'
    code = 403


class AggregateNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s could not be found.'


class AggregateNameExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_name)s already exists.'


class AggregateHostExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_id)s already has host %(host)s.'


class AggregateHostNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s has no host %(host)s.'


class AggregateMetadataNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s has no metadata with key ' \
              '%(metadata_key)s.'


class InvalidAggregateAction(Invalid):
    msg_fmt = ('Unacceptable parameters: Cannot perform action '
               "'%(action)s' on aggregate %(aggregate_id)s. Reason: "
               '%(reason)s.')


class InvalidAggregateActionAdd(InvalidAggregateAction):
    msg_fmt = ('Cannot add host to aggregate %(aggregate_id)s. '
               'Reason: %(reason)s.')


class InvalidAggregateActionDelete(InvalidAggregateAction):
    msg_fmt = ('Cannot remove host from aggregate %(aggregate_id)s. '
               'Reason: %(reason)s.')


class InvalidAggregateActionUpdate(InvalidAggregateAction):
    msg_fmt = ('Cannot update aggregate %(aggregate_id)s. '
               'Reason: %(reason)s.')


class InvalidAggregateActionUpdateMeta(InvalidAggregateAction):
    msg_fmt = ('Cannot update metadata of aggregate %(aggregate_id)s. '
               'Reason: %(reason)s.')


# -- resize, cold migration and the migrations record -------------------------

class MigrationNotFound(NotFound):
    msg_fmt = 'Migration %(migration_id)s could not be found.'


class MigrationNotFoundByStatus(MigrationNotFound):
    msg_fmt = ('Migration not found for instance %(instance_id)s with '
               'status %(status)s.')


class MigrationNotFoundForInstance(MigrationNotFound):
    msg_fmt = ('Migration %(migration_id)s not found for instance '
               '%(instance_id)s')


class CannotResizeToSameFlavor(Invalid):
    msg_fmt = 'When resizing, instances must change flavor!'


class CannotResizeDisk(Invalid):
    msg_fmt = 'Server disk was unable to be resized because: %(reason)s'


class CannotMigrateToSameHost(Invalid):
    msg_fmt = 'Cannot migrate to the host where the server exists.'


class ServiceUnavailable(Conflict):
    msg_fmt = 'Service is unavailable at this time.'


class ComputeServiceUnavailable(ServiceUnavailable):
    msg_fmt = 'Compute service of %(host)s is unavailable at this time.'


class ResizeError(NovaLiteException):
    msg_fmt = 'Resize error: %(reason)s'


class InstanceFaultRollback(NovaLiteException):
    """A move failed but the instance is unharmed: roll it back to its
    previous state and record `inner_exception` as its fault."""

    def __init__(self, inner_exception=None):
        message = 'Instance rollback performed due to: %s'
        self.inner_exception = inner_exception
        super().__init__(message % inner_exception)


class HTTPFault(NovaLiteException):
    """A domain exception as a handler declared it answered: a fixed code
    and message (raised by @answers)."""

    safe = True

    def __init__(self, code, message, headers=None):
        super().__init__(message)
        self.code = code
        self.headers = headers or {}


class InvalidAPIVersionString(Invalid):
    msg_fmt = ('API Version String %(version)s is of invalid format. Must '
               'be of format MajorNum.MinorNum.')


class APIVersionNotAvailable(NovaLiteException):
    msg_fmt = ('Version %(version)s is not supported by the API. Minimum is '
               '%(min_ver)s and maximum is %(max_ver)s.')
    code = 406


class TriggerCrashDumpNotSupported(Invalid):
    msg_fmt = 'Triggering crash dump is not supported'


class ServiceOutage(NovaLiteException):
    """A part of the cloud the request needs is unreachable for now: the
    API answers 503 with Retry-After."""
    code = 503
    safe = True
    headers = {'Retry-After': '10'}


class DatabaseUnavailable(ServiceOutage):
    """The conductor could not reach the database (after retrying)."""
    msg_fmt = ('The database is unavailable at this time; try again '
               'later.')


class MessagingUnavailable(ServiceOutage):
    """A daemon the API needed could not be reached through the message
    broker (unreachable, or no answer in rpc_response_timeout)."""
    msg_fmt = ('The compute service is unavailable at this time; try '
               'again later.')


class HypervisorUnavailable(NovaLiteException):
    msg_fmt = 'Connection to the hypervisor is broken on host: %(host)s'


class InternalError(NovaLiteException):
    """Nova's InternalError: raised with its message."""
    msg_fmt = 'An internal error occurred.'


class DiskError(NovaLiteException):
    msg_fmt = 'Disk operation failed: %(reason)s'


class GlanceConnectionFailed(ServiceOutage):
    msg_fmt = 'Connection to glance failed: %(reason)s'


class ImageNotAuthorized(NotAuthorized):
    msg_fmt = 'Not authorized for image %(image_id)s.'


class ImageBadRequest(Invalid):
    msg_fmt = 'Request of image %(image_id)s failed: %(response)s'


class ImageConflict(Conflict):
    msg_fmt = 'Request of image %(image_id)s conflicts: %(response)s'


class ImageNoData(NovaLiteException):
    msg_fmt = 'Image %(image_id)s has no data.'
    code = 409


class ImageChecksumMismatch(NovaLiteException):
    msg_fmt = ('Downloaded data of image %(image_id)s does not match its '
               '%(algo)s %(expected)s (got %(actual)s).')


class GlanceError(NovaLiteException):
    msg_fmt = 'Glance returned %(status)s for image %(image_id)s: %(body)s'


class ImageUnacceptable(NovaLiteException):
    msg_fmt = 'Image %(image_id)s is unacceptable: %(reason)s'


class ImageNotActive(Invalid):
    msg_fmt = 'Image %(image_id)s is not active.'


class InvalidImageConfigDrive(Invalid):
    msg_fmt = "Image's config drive option '%(config_drive)s' is invalid"


class FlavorMemoryTooSmall(Invalid):
    msg_fmt = "Flavor's memory is too small for requested image."


class FlavorDiskSmallerThanImage(Invalid):
    msg_fmt = ("Flavor's disk is too small for requested image. Flavor disk "
               "is %(flavor_size)i bytes, image is %(image_size)i bytes.")


class FlavorDiskSmallerThanMinDisk(Invalid):
    msg_fmt = ("Flavor's disk is smaller than the minimum size specified in "
               "image metadata. Flavor disk is %(flavor_size)i bytes, "
               "minimum size is %(image_min_disk)i bytes.")


class BootFromVolumeRequiredForZeroDiskFlavor(NotAuthorized):
    msg_fmt = ('Only volume-backed servers are allowed for flavors with '
               'zero disk.')


class InvalidImageMetadata(Invalid):
    msg_fmt = 'Invalid image metadata. Error: %(error)s'


class UnshelveInstanceInvalidState(InstanceInvalidState):
    msg_fmt = ('Specifying an availability zone or a host when unshelving '
               'server "%(instance_uuid)s" with status "%(state)s" is not '
               'supported. The server status must be SHELVED_OFFLOADED.')


class UnshelveHostNotInAZ(Conflict):
    msg_fmt = ('Host "%(host)s" is not in the availability zone '
               '"%(availability_zone)s".')


# -- networking (Neutron errors as Nova names them) ---------------------------

class NetworkNotFound(NotFound):
    msg_fmt = 'Network %(network_id)s could not be found.'


class PortNotFound(NotFound):
    msg_fmt = 'Port id %(port_id)s could not be found.'


class SecurityGroupNotFound(NotFound):
    msg_fmt = 'Security group %(security_group_id)s not found.'


class SecurityGroupNotFoundForProject(SecurityGroupNotFound):
    msg_fmt = ('Security group %(security_group_id)s not found for project '
               '%(project_id)s.')


class SecurityGroupRuleNotFound(NotFound):
    msg_fmt = 'Rule (%(rule_id)s) not found.'


class PortInUse(Invalid):
    msg_fmt = 'Port %(port_id)s is still in use.'


class PortNotUsable(Invalid):
    msg_fmt = 'Port %(port_id)s not usable for instance %(instance)s.'


class PortRequiresFixedIP(Invalid):
    msg_fmt = 'Port %(port_id)s requires a FixedIP in order to be used.'


class NetworkRequiresSubnet(Invalid):
    msg_fmt = ('Network %(network_uuid)s requires a subnet in order to boot '
               'instances on.')


class NetworkAmbiguous(Invalid):
    msg_fmt = ('More than one possible network found. Specify network ID(s) '
               'to select which one(s) to connect to.')


class UnableToAutoAllocateNetwork(Invalid):
    msg_fmt = ('Unable to automatically allocate a network for project '
               '%(project_id)s')


class FixedIpAlreadyInUse(NovaLiteException):
    msg_fmt = ('Fixed IP address %(address)s is already in use on instance '
               '%(instance_uuid)s.')
    code = 400


class FixedIpInvalidOnHost(Invalid):
    msg_fmt = ('The fixed IP associated with port %(port_id)s is not '
               'compatible with the host.')


class InvalidFixedIpAndMaxCountRequest(Invalid):
    msg_fmt = 'Failed to launch instances: %(reason)s'


class NoMoreFixedIps(NovaLiteException):
    msg_fmt = 'No fixed IP addresses available for network: %(net)s'


class PortLimitExceeded(QuotaError):
    msg_fmt = 'Maximum number of ports exceeded'


class SecurityGroupLimitExceeded(QuotaError):
    msg_fmt = 'Quota exceeded, too many security groups.'


class SecurityGroupExistsForInstance(Invalid):
    msg_fmt = ('Security group %(security_group_id)s is already associated '
               'with the instance %(instance_id)s')


class SecurityGroupNotExistsForInstance(Invalid):
    msg_fmt = ('Security group %(security_group_id)s is not associated with '
               'the instance %(instance_id)s')


class SecurityGroupCannotBeApplied(Invalid):
    msg_fmt = ('Network requires port_security_enabled and subnet associated '
               'in order to apply security groups.')


class NoUniqueMatch(Conflict):
    msg_fmt = 'No Unique Match Found.'


class VirtualInterfaceCreateException(NovaLiteException):
    msg_fmt = 'Virtual Interface creation failed'


class InterfaceAttachFailed(Invalid):
    msg_fmt = 'Failed to attach network adapter device to %(instance_uuid)s'


class InterfaceDetachFailed(Invalid):
    msg_fmt = 'Failed to detach network adapter device from %(instance_uuid)s'


class NetworkServiceUnavailable(ServiceOutage):
    """The network service could not be reached (connection failure, 5xx,
    no endpoint)."""
    msg_fmt = 'Connection to the network service failed: %(reason)s'


class NeutronError(NovaLiteException):
    """A Neutron error nova_lite has no better name for."""
    msg_fmt = ('The network service answered %(status)s: %(type)s: '
               '%(message)s')
    code = 500


class InstanceEventTimeout(NovaLiteException):
    msg_fmt = ('Timeout waiting for %(event)s of instance %(instance_uuid)s '
               'after %(timeout)s seconds')


class InvalidConfiguration(NovaLiteException):
    msg_fmt = 'Configuration is invalid: %(reason)s'


# -- volumes (cinder) --

class Forbidden(NovaLiteException):
    msg_fmt = 'Forbidden'
    code = 403


class InvalidVolume(Invalid):
    msg_fmt = 'Invalid volume: %(reason)s'


class VolumeNotFound(NotFound):
    msg_fmt = 'Volume %(volume_id)s could not be found.'


class SnapshotNotFound(NotFound):
    msg_fmt = 'Snapshot %(snapshot_id)s could not be found.'


class VolumeAttachmentNotFound(NotFound):
    msg_fmt = 'Volume attachment %(attachment_id)s could not be found.'


class CinderConnectionFailed(ServiceOutage):
    """Cinder could not be reached (connection failure, 5xx): the API
    answers 503 with Retry-After, as for the other services it needs."""
    msg_fmt = 'Connection to cinder host failed: %(reason)s'


class VolumeDriverNotFound(NotFound):
    msg_fmt = 'Could not find a handler for %(driver_type)s volume.'


class DeviceDetachFailed(NovaLiteException):
    msg_fmt = 'Device detach failed for %(device)s: %(reason)s'


# -- volumes (bdm) --

class BDMNotFound(NotFound):
    msg_fmt = 'No Block Device Mapping with id %(id)s.'


class VolumeBDMNotFound(NotFound):
    msg_fmt = 'No volume Block Device Mapping with id %(volume_id)s.'


class VolumeBDMIsMultiAttach(Invalid):
    msg_fmt = ('Block Device Mapping %(volume_id)s is a multi-attach volume'
               ' and is not valid for this operation.')


class DiskNotFound(NotFound):
    msg_fmt = 'No disk at %(location)s'


class DevicePathInUse(Invalid):
    msg_fmt = 'The supplied device path (%(path)s) is in use.'
    code = 409


class InvalidDevicePath(Invalid):
    msg_fmt = 'The supplied device path (%(path)s) is invalid.'


class VolumeAttachFailed(Invalid):
    msg_fmt = ('Volume %(volume_id)s could not be attached. '
               'Reason: %(reason)s')


class VolumeDetachFailed(Invalid):
    msg_fmt = ('Volume %(volume_id)s could not be detached. '
               'Reason: %(reason)s')


class VolumeTaggedAttachNotSupported(Invalid):
    msg_fmt = ('Tagged volume attachment is not supported for this server '
               'instance.')


class MultiattachNotSupportedByVirtDriver(Invalid):
    msg_fmt = ('Volume %(volume_id)s has \'multiattach\' set, which is not '
               'supported for this instance.')


class MultiattachNotSupportedOldMicroversion(Invalid):
    msg_fmt = ('Multiattach volumes are only supported starting with '
               'compute API version 2.60.')


class ExtendVolumeNotSupported(Invalid):
    msg_fmt = 'Volume size extension is not supported by the hypervisor.'


# -- volumes (bfv) --

class InvalidRequest(Invalid):
    msg_fmt = 'The request is invalid.'


class InvalidBDM(Invalid):
    msg_fmt = 'Block Device Mapping is Invalid.'


class InvalidBDMSnapshot(InvalidBDM):
    msg_fmt = ('Block Device Mapping is Invalid: failed to get snapshot '
               '%(id)s.')


class InvalidBDMVolume(InvalidBDM):
    msg_fmt = ('Block Device Mapping is Invalid: failed to get volume '
               '%(id)s.')


class InvalidBDMImage(InvalidBDM):
    msg_fmt = ('Block Device Mapping is Invalid: failed to get image '
               '%(id)s.')


class InvalidBDMBootSequence(InvalidBDM):
    msg_fmt = ('Block Device Mapping is Invalid: Boot sequence for the '
               'instance and image/block device mapping combination is not '
               'valid.')


class InvalidBDMLocalsLimit(InvalidBDM):
    msg_fmt = ('Block Device Mapping is Invalid: You specified more local '
               'devices than the limit allows')


class InvalidBDMEphemeralSize(InvalidBDM):
    msg_fmt = ('Ephemeral disks requested are larger than the instance type '
               'allows. If no size is given in one block device mapping, '
               'flavor ephemeral size will be used.')


class InvalidBDMSwapSize(InvalidBDM):
    msg_fmt = 'Swap drive requested is larger than instance type allows.'


class InvalidBDMFormat(InvalidBDM):
    msg_fmt = 'Block Device Mapping is Invalid: %(details)s'


class InvalidBDMVolumeNotBootable(InvalidBDM):
    msg_fmt = 'Block Device %(id)s is not bootable.'


class InvalidBDMDiskBus(InvalidBDM):
    # Nova misspells msg_fmt here, so its message is the generic one.
    msg_fmt = 'Block Device Mapping is Invalid.'


class VolumeSmallerThanMinDisk(Invalid):
    msg_fmt = ('Volume is smaller than the minimum size specified in image '
               'metadata. Volume size is %(volume_size)i bytes, minimum size '
               'is %(image_min_disk)i bytes.')


class VolumeNotCreated(NovaLiteException):
    msg_fmt = ('Volume %(volume_id)s did not finish being created even after '
               'we waited %(seconds)s seconds or %(attempts)s attempts. And '
               'its status is %(volume_status)s.')


class MismatchVolumeAZException(Invalid):
    msg_fmt = ('The availability zone between the server and its attached '
               'volumes do not match: %(reason)s.')
    code = 409


class VolumeTypeNotFound(NotFound):
    msg_fmt = 'Volume type %(id_or_name)s could not be found.'


class InstanceQuiesceNotSupported(Invalid):
    msg_fmt = 'Quiescing is not supported in instance %(instance_id)s'
