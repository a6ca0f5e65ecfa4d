// Paging a list read whole (a chain's templates, segments, items): ten rows a page.
import { computed, ref, type Ref } from 'vue';

export function usePaged<T>(rows: Ref<T[]>, size = 10) {
  const page = ref(1);
  const shown = computed(() => rows.value.slice((page.value - 1) * size, page.value * size));
  return { page, size, shown };
}
