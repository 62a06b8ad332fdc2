package io.vireo.console.vm;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.vireo.console.vm.internal.VmForm;
import io.vireo.console.web.FormErrors;

/** The create form: its rows, the quota bars of what it asks for, and creating the VM. */
@Controller
@RequestMapping("/vms")
class VmFormController {

    private final VmCreation creation;
    private final VmFormModel forms;
    private final FormErrors formErrors;

    VmFormController(VmCreation creation, VmFormModel forms, FormErrors formErrors) {
        this.creation = creation;
        this.forms = forms;
        this.formErrors = formErrors;
    }

    /** With {@code templateId} (the catalog's "Create VM") the form starts as a copy of that template. */
    @GetMapping("/new")
    String newVm(@RequestParam(required = false) Long templateId, Model model) {
        return showForm(forms.blank(templateId), model);
    }

    /** Add or remove a disk or NIC row; answers the form alone to htmx, the whole page otherwise. */
    @PostMapping("/new/edit")
    String editForm(@ModelAttribute("form") VmForm form, BindingResult binding, @RequestParam String edit,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        form.edit(edit);
        showForm(form, model);
        return htmx != null ? "vms/form :: form" : "vms/form";
    }

    /** The quota bars for what the form asks for so far. */
    @PostMapping("/new/impact")
    String impact(@ModelAttribute("form") VmForm form, BindingResult ignoredConversionErrors, Model model) {
        forms.addImpact(form, model);
        return "vms/form :: impact";
    }

    @PostMapping
    String create(@ModelAttribute("form") VmForm form, BindingResult binding, Model model) {
        VmRequest request = form.toRequest();
        if (binding.hasErrors() || !formErrors.validate(request, binding)) {
            return showForm(form, model);
        }
        try {
            return "redirect:/vms/" + creation.create(request).id();
        } catch (ErrorResponseException refusal) {
            formErrors.reject(refusal, binding);
            return showForm(form, model);
        }
    }

    private String showForm(VmForm form, Model model) {
        model.addAttribute("form", form);
        forms.addChoices(model);
        forms.addImpact(form, model);
        return "vms/form";
    }
}
