package io.kaizen.backup.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class XattrsTest {
    @Test
    void rootKeepsTheNamespacesRsyncKeepsAndOthersKeepUserAttributesAndAcls() {
        for (String name : new String[] {"user.origin", Xattrs.ACCESS_ACL, Xattrs.DEFAULT_ACL}) {
            assertThat(Xattrs.kept(name, true)).as(name).isTrue();
            assertThat(Xattrs.kept(name, false)).as(name).isTrue();
        }
        for (String name : new String[] {"trusted.overlay.opaque", "security.capability", "security.selinux"}) {
            assertThat(Xattrs.kept(name, true)).as(name).isTrue();
            assertThat(Xattrs.kept(name, false)).as(name).isFalse();
        }
        for (String name : new String[] {"system.nfs4_acl", "system.posix_acl_accessx", "users.x", "other"}) {
            assertThat(Xattrs.kept(name, true)).as(name).isFalse();
        }
    }

    @Test
    void setsAreEqualByNamesAndValueBytesAndCopyTheirArrays() {
        byte[] value = {1, 2, 3};
        TreeMap<String, byte[]> map = new TreeMap<>();
        map.put("user.a", value);
        Xattrs one = new Xattrs(map);
        Xattrs same = new Xattrs(new TreeMap<>(java.util.Map.of("user.a", new byte[] {1, 2, 3})));
        value[0] = 9;

        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(one).isNotEqualTo(new Xattrs(new TreeMap<>(java.util.Map.of("user.a", new byte[] {1, 2}))));
        assertThat(one).isNotEqualTo(new Xattrs(new TreeMap<>(java.util.Map.of("user.b", new byte[] {1, 2, 3}))));
        assertThat(one).isNotEqualTo(Xattrs.NONE);
        assertThat(Xattrs.NONE.isEmpty()).isTrue();
        assertThat(one.toString()).isEqualTo("Xattrs{user.a=3 bytes}");
    }
}
