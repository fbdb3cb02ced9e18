package io.vigil.spring.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Adds Vigil to Actuator's probe groups: {@code vigil} (the system status) to readiness, {@code
 * vigilScheduler} to liveness. Whichever runs first, this or Boot's availability-probes
 * post-processor, the groups end with both their members: when readiness does not exist yet, this
 * makes it as Boot would ({@code readinessState}, no components, no details), and Boot adopts it.
 */
public final class ProbeGroups implements HealthEndpointGroupsPostProcessor {

  static final String LIVENESS = "liveness";
  static final String READINESS = "readiness";

  @Override
  public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
    return new Groups(groups);
  }

  private record Groups(HealthEndpointGroups delegate)
      implements HealthEndpointGroups, AdditionalPathsMapper {

    @Override
    public HealthEndpointGroup getPrimary() {
      return delegate.getPrimary();
    }

    @Override
    public Set<String> getNames() {
      Set<String> names = new LinkedHashSet<>(delegate.getNames());
      names.add(LIVENESS);
      names.add(READINESS);
      return names;
    }

    @Override
    public HealthEndpointGroup get(String name) {
      HealthEndpointGroup group = delegate.get(name);
      return switch (name) {
        case LIVENESS ->
            new WithMember(group != null ? group : new Probe("livenessState"), "vigilScheduler");
        case READINESS ->
            new WithMember(group != null ? group : new Probe("readinessState"), "vigil");
        default -> group;
      };
    }

    @Override
    public List<String> getAdditionalPaths(EndpointId id, WebServerNamespace namespace) {
      return delegate instanceof AdditionalPathsMapper mapper
          ? mapper.getAdditionalPaths(id, namespace)
          : null;
    }
  }

  /** A group with one more member. */
  private record WithMember(HealthEndpointGroup group, String member)
      implements HealthEndpointGroup {

    @Override
    public boolean isMember(String name) {
      return member.equals(name) || group.isMember(name);
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
      return group.showComponents(securityContext);
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
      return group.showDetails(securityContext);
    }

    @Override
    public StatusAggregator getStatusAggregator() {
      return group.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
      return group.getHttpCodeStatusMapper();
    }

    @Override
    public AdditionalHealthEndpointPath getAdditionalPath() {
      return group.getAdditionalPath();
    }
  }

  /** A probe group as Boot makes it: one availability state, no components, no details. */
  private record Probe(String state) implements HealthEndpointGroup {

    @Override
    public boolean isMember(String name) {
      return state.equals(name);
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
      return false;
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
      return false;
    }

    @Override
    public StatusAggregator getStatusAggregator() {
      return StatusAggregator.getDefault();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
      return HttpCodeStatusMapper.DEFAULT;
    }

    @Override
    public AdditionalHealthEndpointPath getAdditionalPath() {
      return null;
    }
  }
}
